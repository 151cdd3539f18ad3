// name: targets-vs-parent
// param: indicator optional — part of the indicator's name; compared without case and diacritics
// Parameters: $q_indicator (folded by directive_kg.text.fold, '' for all).
MATCH (pdoc:Resource)-[:HAS_INDICATOR]->(i)-[:HAS_TARGET]->(tg)
WHERE (EXISTS { (i)-[:CONTRIBUTES_TO]->() } OR tg.parentValue IS NOT NULL)
  AND ($q_indicator = '' OR replace(reduce(s = '', c IN split(normalize(toLower(i.text), NFD), '') | s + CASE WHEN c >= '\u0300' AND c <= '\u036f' THEN '' ELSE c END), 'đ', 'd') CONTAINS $q_indicator)
OPTIONAL MATCH (i)-[:CONTRIBUTES_TO]->(pi)
UNWIND (CASE WHEN tg.parentValue IS :: LIST<ANY> NOT NULL THEN tg.parentValue ELSE [tg.parentValue] END) AS parent_value
UNWIND (CASE WHEN tg.parentComparator IS :: LIST<ANY> NOT NULL THEN tg.parentComparator ELSE [tg.parentComparator] END) AS parent_comparator
RETURN DISTINCT coalesce(pdoc.identifier, pdoc.iri) AS plan,
       i.text AS indicator,
       pi.text AS parent_indicator,
       tg.year AS year,
       tg.comparator AS comparator,
       tg.value AS value,
       parent_comparator,
       parent_value,
       tg.value - parent_value AS difference
ORDER BY plan, indicator, year, value
