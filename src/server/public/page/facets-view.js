// @ts-check
// A facet select (category, tag): its values with their counts, the selected one always among them.
import { el } from './dom.js';

/**
 * Fills `select` with the values of `counts` after its first option ("all") and selects `selected`.
 *
 * @param {HTMLSelectElement} select
 * @param {Record<string, number>} counts
 * @param {string} selected
 * @example showFacet(categorySelect, { securities: 6 }, 'securities')
 */
export function showFacet(select, counts, selected) {
  const first = select.options[0];
  const names = Object.keys(counts);
  if (selected && !names.includes(selected)) names.unshift(selected);
  select.replaceChildren(first);
  names.forEach((name) => {
    const option = el('option', '', counts[name] === undefined ? name : name + ' (' + counts[name] + ')');
    option.value = name;
    select.appendChild(option);
  });
  select.value = selected || '';
}
