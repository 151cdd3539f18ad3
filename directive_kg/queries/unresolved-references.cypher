// name: unresolved-references
MATCH (doc:Resource)-[:HAS_CITATION]->(c)
WHERE c.resolved = false
RETURN DISTINCT coalesce(doc.identifier, doc.iri) AS document,
       c.identifier AS cited,
       c.citationKind AS kind,
       c.note AS note
ORDER BY document, cited
