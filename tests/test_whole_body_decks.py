"""The bundled decks as a whole-body course: the muscles a 200-hour teacher training
asks for, each complete; one pose vocabulary, published in the README; a teaching
order; a misconception card per deck; and the key facts of each deck's main muscles,
pinned so that an edit cannot silently break them."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from studytool.core.deck_discovery import find_deck_files
from studytool.core.deck_format import Deck, Muscle
from studytool.core.deck_loading import load_deck
from studytool.core.question_check import deck_warnings
from studytool.core.slugs import slugify
from studytool.paths import bundled_decks_dir

REPO = Path(__file__).resolve().parent.parent
LOADED = [load_deck(path) for path in find_deck_files([bundled_decks_dir()])]
DECKS: dict[str, Deck] = {loaded.deck.id: loaded.deck for loaded in LOADED if loaded.deck}

#: The bundled decks in the order a course teaches them.
TEACHING_ORDER = [
    "psoas-and-deep-core",
    "breath-and-abdominal-wall",
    "spine-and-neck",
    "hip-and-pelvis",
    "thigh-and-knee",
    "lower-leg-and-foot",
    "shoulder-girdle-and-rotator-cuff",
    "arm-and-forearm",
]

#: The muscles of a typical 200-hour yoga teacher training, and where each lives (a
#: group taught as one, such as the scalenes, is one entry of its deck).
COURSE: dict[str, tuple[str, tuple[str, ...]]] = {
    "psoas major": ("psoas-and-deep-core", ("psoas-major",)),
    "iliacus": ("psoas-and-deep-core", ("iliacus",)),
    "quadratus lumborum": ("psoas-and-deep-core", ("quadratus-lumborum",)),
    "diaphragm": ("psoas-and-deep-core", ("diaphragm",)),
    "transversus abdominis": ("psoas-and-deep-core", ("transversus-abdominis",)),
    "multifidus": ("psoas-and-deep-core", ("multifidus",)),
    "pelvic floor": ("psoas-and-deep-core", ("levator-ani",)),
    "rectus abdominis": ("breath-and-abdominal-wall", ("rectus-abdominis",)),
    "external oblique": ("breath-and-abdominal-wall", ("external-oblique",)),
    "internal oblique": ("breath-and-abdominal-wall", ("internal-oblique",)),
    "external intercostals": ("breath-and-abdominal-wall", ("external-intercostals",)),
    "internal intercostals": ("breath-and-abdominal-wall", ("internal-intercostals",)),
    "erector spinae": ("spine-and-neck", ("erector-spinae",)),
    "sternocleidomastoid": ("spine-and-neck", ("sternocleidomastoid",)),
    "scalenes": ("spine-and-neck", ("scalenes",)),
    "splenius capitis": ("spine-and-neck", ("splenius-capitis",)),
    "splenius cervicis": ("spine-and-neck", ("splenius-cervicis",)),
    "gluteus maximus": ("hip-and-pelvis", ("gluteus-maximus",)),
    "gluteus medius": ("hip-and-pelvis", ("gluteus-medius",)),
    "gluteus minimus": ("hip-and-pelvis", ("gluteus-minimus",)),
    "piriformis": ("hip-and-pelvis", ("piriformis",)),
    "obturators": ("hip-and-pelvis", ("obturator-internus", "obturator-externus")),
    "gemelli": ("hip-and-pelvis", ("superior-gemellus", "inferior-gemellus")),
    "quadratus femoris": ("hip-and-pelvis", ("quadratus-femoris",)),
    "tensor fasciae latae": ("hip-and-pelvis", ("tensor-fasciae-latae",)),
    "rectus femoris": ("hip-and-pelvis", ("rectus-femoris",)),
    "sartorius": ("hip-and-pelvis", ("sartorius",)),
    "pectineus": ("hip-and-pelvis", ("pectineus",)),
    "adductor longus": ("hip-and-pelvis", ("adductor-longus",)),
    "adductor brevis": ("hip-and-pelvis", ("adductor-brevis",)),
    "adductor magnus": ("hip-and-pelvis", ("adductor-magnus",)),
    "gracilis": ("hip-and-pelvis", ("gracilis",)),
    "biceps femoris": ("hip-and-pelvis", ("biceps-femoris",)),
    "semitendinosus": ("hip-and-pelvis", ("semitendinosus",)),
    "semimembranosus": ("hip-and-pelvis", ("semimembranosus",)),
    "vastus lateralis": ("thigh-and-knee", ("vastus-lateralis",)),
    "vastus medialis": ("thigh-and-knee", ("vastus-medialis",)),
    "vastus intermedius": ("thigh-and-knee", ("vastus-intermedius",)),
    "popliteus": ("thigh-and-knee", ("popliteus",)),
    "gastrocnemius": ("lower-leg-and-foot", ("gastrocnemius",)),
    "soleus": ("lower-leg-and-foot", ("soleus",)),
    "tibialis anterior": ("lower-leg-and-foot", ("tibialis-anterior",)),
    "tibialis posterior": ("lower-leg-and-foot", ("tibialis-posterior",)),
    "fibularis longus": ("lower-leg-and-foot", ("fibularis-longus",)),
    "fibularis brevis": ("lower-leg-and-foot", ("fibularis-brevis",)),
    "long toe flexors": (
        "lower-leg-and-foot",
        ("flexor-hallucis-longus", "flexor-digitorum-longus"),
    ),
    "intrinsic foot muscles": ("lower-leg-and-foot", ("intrinsic-foot-muscles",)),
    "trapezius": ("shoulder-girdle-and-rotator-cuff", ("trapezius",)),
    "rhomboids": ("shoulder-girdle-and-rotator-cuff", ("rhomboids",)),
    "levator scapulae": ("shoulder-girdle-and-rotator-cuff", ("levator-scapulae",)),
    "serratus anterior": ("shoulder-girdle-and-rotator-cuff", ("serratus-anterior",)),
    "pectoralis major": ("shoulder-girdle-and-rotator-cuff", ("pectoralis-major",)),
    "pectoralis minor": ("shoulder-girdle-and-rotator-cuff", ("pectoralis-minor",)),
    "latissimus dorsi": ("shoulder-girdle-and-rotator-cuff", ("latissimus-dorsi",)),
    "teres major": ("shoulder-girdle-and-rotator-cuff", ("teres-major",)),
    "deltoid": ("shoulder-girdle-and-rotator-cuff", ("deltoid",)),
    "supraspinatus": ("shoulder-girdle-and-rotator-cuff", ("supraspinatus",)),
    "infraspinatus": ("shoulder-girdle-and-rotator-cuff", ("infraspinatus",)),
    "teres minor": ("shoulder-girdle-and-rotator-cuff", ("teres-minor",)),
    "subscapularis": ("shoulder-girdle-and-rotator-cuff", ("subscapularis",)),
    "biceps brachii": ("arm-and-forearm", ("biceps-brachii",)),
    "triceps brachii": ("arm-and-forearm", ("triceps-brachii",)),
    "brachialis": ("arm-and-forearm", ("brachialis",)),
    "brachioradialis": ("arm-and-forearm", ("brachioradialis",)),
    "wrist flexors": ("arm-and-forearm", ("wrist-flexors",)),
    "wrist extensors": ("arm-and-forearm", ("wrist-extensors",)),
}

#: Spinal levels as the decks write them: C5, T12, L2–L4, S1.
LEVEL = re.compile(r"\b[CTLS]\d{1,2}\b")
#: Muscles whose work no joint movement of the vocabulary names.
WITHOUT_MOVES = {"levator-ani"}  # it lifts the pelvic floor


def muscles() -> list[tuple[str, Muscle]]:
    return [(deck_id, muscle) for deck_id, deck in DECKS.items() for muscle in deck.muscles]


def test_every_bundled_deck_validates_without_warnings() -> None:
    for loaded in LOADED:
        assert loaded.ok, loaded.errors
        assert [str(warning) for warning in deck_warnings(loaded)] == []


def test_the_bundled_decks_come_in_teaching_order() -> None:
    assert sorted(DECKS) == sorted(TEACHING_ORDER)
    ordered = sorted(DECKS.values(), key=lambda deck: deck.order or 0)
    assert [deck.id for deck in ordered] == TEACHING_ORDER
    assert [deck.order for deck in ordered] == list(range(1, len(TEACHING_ORDER) + 1))


def test_the_course_muscles_are_covered() -> None:
    missing = [
        name
        for name, (deck_id, ids) in COURSE.items()
        if not set(ids) <= {muscle.id for muscle in DECKS[deck_id].muscles}
    ]
    assert len(COURSE) >= 62
    assert missing == []


def test_a_muscle_lives_in_one_deck() -> None:
    for key in (lambda muscle: muscle.id, lambda muscle: slugify(muscle.name)):
        homes: dict[str, list[str]] = defaultdict(list)
        for deck_id, muscle in muscles():
            homes[key(muscle)].append(deck_id)
        assert {name: decks for name, decks in homes.items() if len(decks) > 1} == {}


@pytest.mark.parametrize("deck_id", TEACHING_ORDER)
def test_every_muscle_is_complete(deck_id: str) -> None:
    """Origin, insertion and actions the format requires; moves, nerve and levels, a cue
    and notes are what a course needs of each muscle."""
    for muscle in DECKS[deck_id].muscles:
        assert muscle.moves or muscle.id in WITHOUT_MOVES, muscle.id
        assert LEVEL.search(muscle.innervation or ""), muscle.id  # a nerve, with its levels
        assert muscle.cues, muscle.id
        assert muscle.notes, muscle.id


@pytest.mark.parametrize("deck_id", TEACHING_ORDER)
def test_every_deck_has_a_misconception_card(deck_id: str) -> None:
    assert [card for card in DECKS[deck_id].cards if "misconception" in card.tags]


def readme_poses() -> list[str]:
    """The pose vocabulary as the README lists it for instructors."""
    text = (REPO / "README.md").read_text("utf-8")
    section = text.split("### Poses of the bundled decks", 1)[1].split("\n#", 1)[0]
    return re.findall(r"`([^`]+)`", section)


def test_one_pose_vocabulary_for_every_bundled_deck_as_the_readme_lists_it() -> None:
    spellings: dict[str, set[str]] = defaultdict(set)
    for _, muscle in muscles():
        for cue in muscle.cues:
            spellings[slugify(cue.pose)].add(cue.pose)
    assert {slug: names for slug, names in spellings.items() if len(names) > 1} == {}
    used = sorted(name for names in spellings.values() for name in names)
    assert sorted(readme_poses()) == used


#: Per deck, a handful of main muscles: (origin, insertion, nerve with levels), each a
#: phrase the field must contain. The classic mix-ups are among them: axillary against
#: suprascapular nerve, greater against lesser tubercle, long thoracic against
#: thoracodorsal, deep against superficial fibular, first against fifth metatarsal.
KEY_FACTS: dict[str, dict[str, tuple[str, str, str]]] = {
    "psoas-and-deep-core": {
        "psoas-major": ("T12–L5", "Lesser trochanter", "L1–L3"),
        "quadratus-lumborum": ("iliac crest", "12th rib", "T12–L4"),
        "diaphragm": ("xiphoid", "Central tendon", "Phrenic nerve (C3–C5)"),
    },
    "breath-and-abdominal-wall": {
        "rectus-abdominis": ("Pubic crest", "costal cartilages of ribs 5–7", "T7–T11"),
        "external-oblique": ("ribs 5–12", "iliac crest", "T7–T11"),
        "external-intercostals": ("Lower border", "Upper border of the rib below", "T1–T11"),
    },
    "spine-and-neck": {
        "sternocleidomastoid": ("manubrium", "mastoid process", "Accessory nerve"),
        "scalenes": ("Transverse processes of C2–C7", "First rib", "C3–C8"),
        "erector-spinae": ("sacrum", "mastoid process", "Posterior (dorsal) rami"),
    },
    "hip-and-pelvis": {
        "gluteus-medius": ("ilium", "greater trochanter", "Superior gluteal nerve (L4–S1)"),
        "gluteus-maximus": ("sacrum", "Iliotibial tract", "Inferior gluteal nerve (L5–S2)"),
        "piriformis": ("S2–S4", "greater trochanter", "S1–S2"),
        "pectineus": ("Pecten pubis", "Pectineal line of the femur", "Femoral nerve (L2–L3)"),
        "biceps-femoris": ("ischial tuberosity", "head of the fibula", "L5–S2"),
    },
    "thigh-and-knee": {
        "vastus-lateralis": ("Greater trochanter", "tibial tuberosity", "Femoral nerve (L2–L4)"),
        "vastus-medialis": ("intertrochanteric line", "patella", "Femoral nerve (L2–L4)"),
        "popliteus": ("lateral condyle of the femur", "soleal line", "Tibial nerve (L4–S1)"),
    },
    "lower-leg-and-foot": {
        "gastrocnemius": ("femoral condyle", "calcaneus", "Tibial nerve (S1–S2)"),
        "tibialis-anterior": ("tibia", "1st metatarsal", "Deep fibular nerve (L4–L5)"),
        "fibularis-longus": ("fibula", "1st metatarsal", "Superficial fibular nerve"),
        "fibularis-brevis": ("fibula", "5th metatarsal", "Superficial fibular nerve"),
        "tibialis-posterior": ("Interosseous membrane", "navicular", "Tibial nerve (L4–L5)"),
    },
    "shoulder-girdle-and-rotator-cuff": {
        "supraspinatus": ("Supraspinous fossa", "greater tubercle", "Suprascapular nerve"),
        "infraspinatus": ("Infraspinous fossa", "greater tubercle", "Suprascapular nerve"),
        "teres-minor": ("lateral border", "greater tubercle", "Axillary nerve (C5–C6)"),
        "subscapularis": ("Subscapular fossa", "Lesser tubercle", "subscapular nerves"),
        "deltoid": ("clavicle", "Deltoid tuberosity", "Axillary nerve (C5–C6)"),
        "serratus-anterior": ("ribs", "medial border", "Long thoracic nerve (C5–C7)"),
        "latissimus-dorsi": ("T7–T12", "intertubercular sulcus", "Thoracodorsal nerve (C6–C8)"),
        "trapezius": ("superior nuchal line", "spine of the scapula", "Accessory nerve"),
    },
    "arm-and-forearm": {
        "biceps-brachii": ("supraglenoid tubercle", "Radial tuberosity", "C5–C6"),
        "triceps-brachii": ("infraglenoid tubercle", "olecranon", "Radial nerve (C6–C8"),
        "brachialis": ("front of the humerus", "Tuberosity of the ulna", "Musculocutaneous"),
        "wrist-flexors": ("Medial epicondyle", "metacarpals", "Median nerve"),
        "wrist-extensors": ("Lateral epicondyle", "metacarpals", "Radial nerve"),
    },
}


@pytest.mark.parametrize("deck_id", TEACHING_ORDER)
def test_the_key_facts_of_each_deck(deck_id: str) -> None:
    found = {muscle.id: muscle for muscle in DECKS[deck_id].muscles}
    for muscle_id, (origin, insertion, nerve) in KEY_FACTS[deck_id].items():
        muscle = found[muscle_id]
        assert origin in muscle.origin, muscle_id
        assert insertion in muscle.insertion, muscle_id
        assert nerve in (muscle.innervation or ""), muscle_id


def test_the_classic_mix_ups_stay_apart() -> None:
    nerve = {m.id: m.innervation or "" for _, m in muscles()}
    insertion = {m.id: m.insertion for _, m in muscles()}
    for cuff in ("supraspinatus", "infraspinatus"):
        assert "Axillary" not in nerve[cuff]
    for axillary in ("deltoid", "teres-minor"):
        assert "Suprascapular" not in nerve[axillary]
    assert "greater tubercle" not in insertion["subscapularis"]
    assert "Thoracodorsal" not in nerve["serratus-anterior"]
    assert "Long thoracic" not in nerve["latissimus-dorsi"]
    assert "Superficial" not in nerve["tibialis-anterior"]
    for fibular in ("fibularis-longus", "fibularis-brevis"):
        assert "Deep fibular" not in nerve[fibular]
    assert "5th" not in insertion["fibularis-longus"]
    assert "1st" not in insertion["fibularis-brevis"]
