"""Near-duplicate detection: republished wire copy is found, different stories are not."""

from allegiance.ingest.dedupe import THRESHOLD, bands, best_match, minhash, similarity

STORY = (
    "MOGADISHU, March 3 (Example Wire) - Al-Shabaab fighters attacked an African Union base "
    "in Lower Shabelle on Tuesday, killing at least nine soldiers, officials said. The group, "
    "al-Qaeda's affiliate in East Africa, claimed the assault in a statement on its radio "
    "station. Somali forces backed by U.S. air strikes have pushed the militants out of "
    "several towns this year, but the group still controls much of the countryside and "
    "collects taxes on the roads between Mogadishu and the port of Kismayo.")
REPUBLISHED = (
    STORY.replace("MOGADISHU, March 3 (Example Wire) -", "MOGADISHU (Daily Post) -")
    .replace("killing at least nine soldiers", "killing nine soldiers")
    + " Reporting by A. Writer; editing by B. Editor.")
OTHER = (
    "BAMAKO, June 2 (Example Wire) - Fighters of JNIM, al-Qaeda's Sahel affiliate, clashed "
    "with Islamic State militants near Menaka, residents said, the latest in a string of "
    "battles between the two jihadist groups that once cooperated in the region.")


def test_republished_copy_is_a_near_duplicate():
    score = similarity(minhash(STORY), minhash(REPUBLISHED))
    assert score >= THRESHOLD
    assert set(bands(minhash(STORY))) & set(bands(minhash(REPUBLISHED)))


def test_different_stories_are_not():
    assert similarity(minhash(STORY), minhash(OTHER)) < 0.2
    assert best_match(minhash(OTHER), {"story": minhash(STORY)}) is None


def test_best_match_picks_the_most_similar():
    candidates = {"other": minhash(OTHER), "story": minhash(STORY)}
    doc_id, score = best_match(minhash(REPUBLISHED), candidates)
    assert doc_id == "story" and score >= THRESHOLD


def test_signatures_are_stable_and_total():
    assert minhash(STORY) == minhash(STORY)
    assert len(minhash("")) == 128 and len(bands(minhash("Three short words"))) == 32
