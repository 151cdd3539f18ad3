// name: deadlines
// param: from required — first day of the period, ISO date (2025-01-01)
// param: to required — last day of the period, ISO date (2025-12-31)
// Parameters: $q_from, $q_to (validated ISO dates).
MATCH (pdoc:Resource)-[:HAS_TASK]->(t)
WHERE t.deadline =~ '[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?'
  AND t.deadline >= substring($q_from, 0, size(t.deadline))
  AND t.deadline <= substring($q_to, 0, size(t.deadline))
OPTIONAL MATCH (t)-[:LEAD_UNIT]->(lu)
UNWIND (CASE WHEN lu.label IS :: LIST<ANY> NOT NULL THEN lu.label ELSE [lu.label] END) AS unit_label
WITH pdoc, t, min(unit_label) AS unit
RETURN coalesce(pdoc.identifier, pdoc.iri) AS plan,
       pdoc.issuerLevel AS level,
       unit,
       t.iri AS task,
       t.text AS text,
       t.deadline AS deadline
ORDER BY deadline, plan, task
