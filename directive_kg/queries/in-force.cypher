// name: in-force
// param: date required — the date, ISO (2025-10-15)
// Parameters: $q_date (validated ISO date).
MATCH (d:Resource)
WHERE d.mandate = true AND d.identifier IS NOT NULL AND d.dateIssued IS NOT NULL
WITH d.identifier AS mandate, min(toString(d.dateIssued)) AS issued
WHERE issued <= substring($q_date, 0, size(issued))
  AND NOT EXISTS {
    MATCH (r:Resource)-[:REPLACES]->(old:Resource)
    WHERE old.identifier = mandate AND toString(r.inForceFrom) <= $q_date
  }
OPTIONAL MATCH (x:Resource)-[:HAS_EFFECT]->(e:Resource)
WHERE x.identifier = mandate AND e.effectKind = 'partly_repealed' AND toString(e.effectiveDate) <= $q_date
WITH mandate, issued,
     collect('Articles ' + e.articles + ' repealed from ' + toString(e.effectiveDate) + coalesce(' by ' + e.effectByIdentifier, '')) AS parts
RETURN mandate,
       issued,
       CASE WHEN size(parts) = 0 THEN 'in force'
            ELSE 'in force, partly repealed: ' + reduce(acc = '', p IN parts | CASE WHEN acc = '' THEN p ELSE acc + '; ' + p END) END AS status
ORDER BY issued, mandate
