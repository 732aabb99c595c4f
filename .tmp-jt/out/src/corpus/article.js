"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
//# sourceMappingURL=article.js.map