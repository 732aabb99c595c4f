"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.facetsOf = facetsOf;
function sortedRecord(counts, byKey) {
    const entries = [...counts];
    entries.sort(byKey ? (a, b) => (a[0] < b[0] ? -1 : 1) : (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    return Object.fromEntries(entries);
}
/**
 * Category, tag and month counts of the matched documents; categories and tags by count,
 * months in calendar order (for a timeline).
 *
 * @example facetsOf(index, [0, 1]).months // { '2022-03': 2 }
 */
function facetsOf(index, docs) {
    const categories = new Map();
    const tags = new Map();
    const months = new Map();
    for (const doc of docs) {
        const article = index.docs[doc];
        for (const category of article.categories)
            categories.set(category, (categories.get(category) ?? 0) + 1);
        for (const tag of article.tags)
            tags.set(tag, (tags.get(tag) ?? 0) + 1);
        if (article.date) {
            const month = article.date.slice(0, 7);
            months.set(month, (months.get(month) ?? 0) + 1);
        }
    }
    return { categories: sortedRecord(categories, false), tags: sortedRecord(tags, false), months: sortedRecord(months, true) };
}
//# sourceMappingURL=facets.js.map