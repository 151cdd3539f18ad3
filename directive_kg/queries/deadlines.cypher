// name: deadlines
// param: from required — first day of the period, ISO date (2025-01-01)
// param: to required — last day of the period, ISO date (2025-12-31)
// Parameters: $q_from, $q_to (validated ISO dates).
MATCH (pdoc:Resource)-[:HAS_TASK]->(t)
WITH pdoc, t, toString(t.deadline) AS deadline  // a full date is a Neo4j Date; a year or month a string
WHERE deadline =~ '[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?'
  AND deadline >= substring($q_from, 0, size(deadline))
  AND deadline <= substring($q_to, 0, size(deadline))
OPTIONAL MATCH (t)-[:LEAD_UNIT]->(lu)
UNWIND (CASE WHEN lu.label IS :: LIST<ANY> NOT NULL THEN lu.label ELSE [lu.label] END) AS unit_label
WITH pdoc, t, deadline, min(unit_label) AS unit
RETURN coalesce(pdoc.identifier, pdoc.iri) AS plan,
       pdoc.issuerLevel AS level,
       unit,
       t.iri AS task,
       t.text AS text,
       deadline
ORDER BY deadline, plan, task
