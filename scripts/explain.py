"""Print the parse, entity references and relations of a sentence: a debugging aid.

    python scripts/explain.py "Iran provides weapons to the Houthis."
"""

import sys

from allegiance.extract.document import extract_parsed
from allegiance.model import Document
from allegiance.nlp.coref import resolve_coreference
from allegiance.nlp.mentions import build_entities
from allegiance.nlp.pipeline import load_pipeline

nlp = load_pipeline()
for text in sys.argv[1:]:
    doc = nlp(text)
    ents = resolve_coreference(doc, build_entities(doc))
    print(" ".join(f"{t.i}:{t.text}/{t.lemma_}/{t.pos_}/{t.dep_}>{t.head.i}" for t in doc))
    print({i: k for i, k in sorted(ents.token_refs.items())})
    for rel in extract_parsed(Document("x", text), nlp(text)).relations:
        print("  ", rel.subject, rel.predicate, rel.object, rel.polarity, rel.modality,
              rel.attributes)
