"""Our PolNeAR diplomacy labels: ids and labels only, read strictly, scored per split."""

from pathlib import Path

import pytest

from streams.evaluation.diplomacy_labels import COLUMNS, load_labels
from streams.evaluation.polnear import PolnearError
from streams.evaluation.polnear_report import diplomacy_routing

LABELS = Path(__file__).resolve().parents[2] / "eval" / "polnear" / "diplomacy.tsv"
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "polnear"


def write(tmp_path, *rows):
    path = tmp_path / "labels.tsv"
    path.write_text("\t".join(COLUMNS) + "\n" + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_rows_become_labels(tmp_path):
    labels = load_labels(write(tmp_path, ("dev", "a", "1", "RU;US", "0", "talks"), ("dev", "b", "0", "", "1", "campaign")))
    assert labels["dev", "a"].is_diplomacy and labels["dev", "a"].countries == ("RU", "US")
    assert not labels["dev", "b"].is_diplomacy and labels["dev", "b"].borderline and labels["dev", "b"].countries == ()


@pytest.mark.parametrize("rows, message", [
    ((("dev", "a", "yes", "", "0", "talks"),), "must be 0 or 1"),
    ((("dev", "a", "1", "", "0", "talks"), ("dev", "a", "0", "", "0", "campaign")), "labelled twice"),
])
def test_a_malformed_file_names_its_line(tmp_path, rows, message):
    with pytest.raises(PolnearError, match=message):
        load_labels(write(tmp_path, *rows))


def test_a_missing_file_says_how_to_name_one(tmp_path):
    with pytest.raises(PolnearError, match="--diplomacy-labels"):
        load_labels(tmp_path / "none.tsv")


def test_routing_is_scored_only_where_a_label_exists(tmp_path):
    labels = load_labels(write(tmp_path, ("dev", "a", "1", "", "0", "talks"), ("dev", "b", "0", "", "0", "campaign")))
    score = diplomacy_routing({("dev", "a"): True, ("dev", "b"): True, ("dev", "c"): True}, labels)
    assert (score.true_positives, score.predicted, score.expected) == (1, 2, 1)
    assert diplomacy_routing({("dev", "z"): True}, labels) is None


def test_the_shipped_labels_cover_train_and_dev_and_hold_no_text():
    labels = load_labels(LABELS)
    assert {split for split, _ in labels} == {"train", "dev"}
    assert sum(1 for s, _ in labels if s == "train") == 840 and sum(1 for s, _ in labels if s == "dev") == 84
    assert all(label.kind and " " not in label.kind for label in labels.values())
    if CORPUS.is_dir():  # every label names an article of the corpus, and every article has one
        for split in ("train", "dev"):
            names = {p.stem for p in (CORPUS / "data" / split / "text").glob("*.txt")}
            assert names == {name for s, name in labels if s == split}
