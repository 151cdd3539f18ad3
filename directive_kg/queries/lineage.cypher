// name: lineage
// param: node required — a task or plan IRI (https://w3id.org/directive-kg/doc/…) or a plan identifier (10/KH-UBND)
// Parameters: $q_iri (IRI or 'urn:dkg:none'), $q_id (identifier or '').
MATCH (start:Resource)
WHERE start.iri = $q_iri
   OR $q_id IN (CASE WHEN start.identifier IS :: LIST<ANY> NOT NULL THEN start.identifier ELSE [start.identifier] END)
MATCH p = (start) ((a)-[r]-(b)
           WHERE (type(r) IN ['ALIGNS_WITH', 'IMPLEMENTS'] AND startNode(r) = a)
              OR (type(r) IN ['HAS_TASK', 'HAS_TASK_GROUP'] AND endNode(r) = a)){0,4} (f)
WITH f, min(length(p)) + 1 AS d
MATCH (f)-[r]-(t)
WHERE (type(r) IN ['ALIGNS_WITH', 'IMPLEMENTS'] AND startNode(r) = f)
   OR (type(r) IN ['HAS_TASK', 'HAS_TASK_GROUP'] AND endNode(r) = f)
RETURN f.iri AS `from`,
       CASE type(r) WHEN 'ALIGNS_WITH' THEN 'alignsWith' WHEN 'IMPLEMENTS' THEN 'implements'
                    WHEN 'HAS_TASK' THEN 'taskOf' ELSE 'groupOf' END AS relation,
       t.iri AS `to`,
       min(d) AS depth
ORDER BY depth, `from`, relation, `to`
