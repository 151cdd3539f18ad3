// name: responsibilities
// param: unit optional — part of the unit's name; compared without case and diacritics (van phong matches Văn phòng)
// Parameters: $q_unit (folded by directive_kg.text.fold, '' for all units).
MATCH (pdoc:Resource)-[:HAS_TASK]->(t)-[r:LEAD_UNIT|COORDINATING_UNIT]->(u)
UNWIND (coalesce(u.labels, [u.label])) AS unit_label
WITH pdoc, t, r, u, unit_label
WHERE $q_unit = '' OR replace(reduce(s = '', c IN split(normalize(toLower(unit_label), NFD), '') | s + CASE WHEN c >= '\u0300' AND c <= '\u036f' THEN '' ELSE c END), 'đ', 'd') CONTAINS $q_unit
WITH u, pdoc, min(unit_label) AS unit,
     count(DISTINCT CASE WHEN type(r) = 'LEAD_UNIT' THEN t END) AS led,
     count(DISTINCT CASE WHEN type(r) = 'COORDINATING_UNIT' THEN t END) AS coordinated
RETURN unit, coalesce(pdoc.identifier, pdoc.iri) AS plan, led, coordinated
ORDER BY unit, plan
