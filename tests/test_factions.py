"""The factions file: it loads, bad entries are refused on one line, a new faction needs no code.

Sentences are our own.
"""

import json
import os
import subprocess
import sys
from datetime import date
from itertools import combinations
from pathlib import Path

import pytest
from coloraide import Color

from geo import factions, mapview, records
from geo.actors import find_actors, held_by, normalise_actor_phrase, resolve_actor
from geo.articles import parse_article
from geo.errors import InputError
from geo.pipeline import analyse_article

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = factions.DEFAULT_PATH.read_text(encoding="utf-8")
OKABE_ITO = {
    "Islamic State": "#000000",
    "Iraqi government": "#0072B2",
    "Syrian government": "#D55E00",
    "SDF": "#F0E442",
    "Kurdish Peshmerga": "#009E73",
}


def test_the_bundled_file_declares_the_controllers_governments_and_colours():
    assert records.CONTROLLERS == factions.CONTROLLERS == (
        "Islamic State",
        "Iraqi government",
        "Syrian government",
        "SDF",
        "Kurdish Peshmerga",
        "Turkish forces",
        "HTS",
        "Syrian opposition",
    )
    assert records.GOVERNMENTS == ("Iraqi government", "Syrian government")
    assert dict(factions.GOVERNMENT_OF) == {"IQ": "Iraqi government", "SY": "Syrian government"}
    assert (records.ISLAMIC_STATE, records.PESHMERGA, records.TURKISH_FORCES) == ("Islamic State", "Kurdish Peshmerga", "Turkish forces")
    for name, colour in OKABE_ITO.items():  # today's assignments are kept
        assert mapview.colour(name) == colour
    assert all(mapview.colour(name) != mapview.UNKNOWN_COLOUR for name in records.CONTROLLERS)
    actors_only = [faction.name for faction in factions.TABLE.factions if not faction.holds_territory]
    assert actors_only == ["US-led coalition", "Russia", "Civilians"]
    assert not set(actors_only) & set(records.CONTROLLERS)


def _worst_difference(first: str, second: str) -> float:
    """CIEDE2000 between two colours, the smallest of normal vision and three simulated deficiencies."""
    differences = []
    for deficiency in (None, "protan", "deutan", "tritan"):
        a, b = Color(first), Color(second)
        if deficiency:
            a, b = a.filter(deficiency).convert("srgb"), b.filter(deficiency).convert("srgb")
        differences.append(a.delta_e(b, method="2000"))
    return min(differences)


def test_controller_colours_stay_apart_for_colour_blind_readers_and_from_the_grey_map():
    colours = {name: mapview.colour(name) for name in records.CONTROLLERS}
    close = [(a, b, round(_worst_difference(colours[a], colours[b]), 1)) for a, b in combinations(colours, 2) if _worst_difference(colours[a], colours[b]) < 10]
    assert not close, f"controller colours too alike (CIEDE2000 < 10 with normal or simulated colour-blind vision): {close}"
    for name, colour in colours.items():
        # 8, not 10: Okabe-Ito's bluish green sits at 8.9 from the unknown grey under deuteranopia
        assert _worst_difference(colour, mapview.MAP_BACKGROUND) >= 8, f"{name} {colour} fades into the map background"
        assert _worst_difference(colour, mapview.UNKNOWN_COLOUR) >= 8, f"{name} {colour} looks like 'unknown'"
    for name in ("Turkish forces", "HTS", "Syrian opposition"):  # the new ones also keep off the event-type colours
        for event_colour in list(mapview.EVENT_COLOURS.values())[:3]:
            assert _worst_difference(colours[name], event_colour) >= 10, (name, event_colour)


@pytest.mark.parametrize(
    "sentence, country, expected",
    [
        ("Turkish-backed rebels seized the town on Sunday.", "SY", ["Turkish forces"]),
        ("Rebels backed by Turkey entered the town.", "SY", ["Turkish forces"]),
        ("Fighters of the Syrian National Army and Turkish troops advanced.", "SY", ["Turkish forces", "Turkish forces"]),
        ("Euphrates Shield factions shelled the village.", "SY", ["Turkish forces"]),
        ("Ankara-backed FSA units pushed south.", "SY", ["Turkish forces"]),
        ("The Free Syrian Army lost the hill.", "SY", ["Syrian opposition"]),
        ("Jaish al-Islam and Ahrar al-Sham agreed to leave.", "SY", ["Syrian opposition", "Syrian opposition"]),
        ("Rebels shelled the town.", "SY", ["Syrian opposition"]),
        ("Opposition fighters withdrew.", "SY", ["Syrian opposition"]),
        ("Hayat Tahrir al-Sham, once the Nusra Front, took the village.", "SY", ["HTS", "HTS"]),
        ("An al-Qaeda-linked alliance stormed the base.", "SY", ["HTS"]),
        ("Government forces entered the town.", "IQ", ["Iraqi government"]),
        ("Government forces entered the town.", "SY", ["Syrian government"]),
        ("Kurdish fighters held the ridge.", "IQ", ["Kurdish Peshmerga"]),
        ("Kurdish fighters held the ridge.", "SY", ["SDF"]),
        ("Rebels attacked the checkpoint.", "IQ", [""]),  # no Iraqi faction is "the rebels": unknown, not a guess
        ("It is what Daesh wanted.", "IQ", ["Islamic State"]),  # "is" is a verb, only "IS" is the group
        ("Coalition jets and Russian warplanes struck; civilians fled.", "SY", ["US-led coalition", "Russia", "Civilians"]),
    ],
)
def test_aliases_name_their_faction(sentence, country, expected):
    assert [resolve_actor(actor.name, country) for actor in find_actors(sentence)] == expected


def test_held_statements_name_the_new_factions():
    sentence = "the rebel-held north, the HTS-controlled city and the town still held by Turkish-backed rebels."
    assert [name for name, _, _ in held_by(sentence)] == ["*rebels", "HTS", "Turkish forces"]
    assert normalise_actor_phrase("Military Forces of Turkey") == "Turkish forces"


@pytest.mark.parametrize(
    "sentence, controller",
    [
        ("Turkish-backed rebels seized the town of Jarabulus from Islamic State on Wednesday.", "Turkish forces"),
        ("Hayat Tahrir al-Sham fighters captured the town of Saraqib on Wednesday.", "HTS"),
        ("The Free Syrian Army recaptured the town of Jarabulus from Islamic State on Wednesday.", "Syrian opposition"),
    ],
)
def test_the_new_factions_can_take_a_town(gazetteer, sentence, controller):
    article = parse_article("t.txt", f"Published: 27 October 2017\n{sentence}")
    events = [event for event in analyse_article(article, gazetteer).events if event.controller_after]
    assert [(event.controller_after, event.event_date) for event in events] == [(controller, date(2017, 10, 25))]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "factions.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "change, reason",
    [
        (('colour = "#2200AA"', 'colour = "blue"'), "colour 'blue' is not a #RRGGBB colour"),
        (('holds_territory = true\ncolour = "#2200AA"', 'holds_territory = true\ncolor = "#2200AA"'), "unknown field 'color'"),
        (("'\\bHTS\\b',", "'(?:HTS',"), "is not a regular expression"),
        (('colour = "#2200AA"', 'colour = "#000000"'), "colour '#000000' is already used by faction 1"),
        (('resolves = { SY = "syrian_opposition" }', 'resolves = { SY = "free_army" }'), "'free_army' is not the key of a faction above"),
        (('name = "HTS"', 'name = HTS'), "not valid TOML"),
    ],
)
def test_a_bad_entry_is_refused_on_one_line_naming_the_file_and_entry(tmp_path, change, reason):
    old, new = change
    assert old in BUNDLED
    path = _write(tmp_path, BUNDLED.replace(old, new, 1))
    with pytest.raises(InputError) as caught:
        factions.load(path)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(str(path)) and reason in message
    if "TOML" not in reason:
        assert "(hts)" in message or "(rebels)" in message  # the entry, by its number and key


def test_a_missing_file_is_one_line_naming_it(tmp_path):
    with pytest.raises(InputError, match=r"nowhere\.toml: cannot read the factions file"):
        factions.load(tmp_path / "nowhere.toml")


NEW_FACTION = """
[[faction]]
key = "tribal_council"
name = "Tribal council"
side = "local"
holds_territory = true
colour = "#FFAABB"
countries = ["SY"]
aliases = ['tribal\\s+council\\s+(?:fighters|forces)']
held = ['tribal\\s+council']
"""

PROBE = """
import json
from geo import actors, dataview, mapview, records
layers = mapview.ConflictLayers("index.json")
config = json.loads(layers.config)
print(json.dumps({
    "controllers": list(records.CONTROLLERS),
    "colour": mapview.colour("Tribal council"),
    "in_config": config["colours"][config["controllers"].index("Tribal council")],
    "actors": [a.name for a in actors.find_actors("Tribal council fighters took the village.")],
    "held": [h[0] for h in actors.held_by("the tribal council-held village")],
    "index": mapview.controller_index("Tribal council"),
}))
"""


def test_a_faction_added_to_the_file_is_a_controller_with_its_colour_without_code_changes(tmp_path):
    path = _write(tmp_path, BUNDLED + NEW_FACTION)
    table = factions.load(path)
    assert table.controllers[-1] == "Tribal council"
    environment = {**os.environ, factions.ENVIRONMENT_VARIABLE: str(path)}
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=environment, capture_output=True, text=True, check=True)
    probe = json.loads(result.stdout)
    assert probe["controllers"] == [*records.CONTROLLERS, "Tribal council"]
    assert probe["colour"] == probe["in_config"] == "#FFAABB"
    assert probe["actors"] == ["Tribal council"] and probe["held"] == ["Tribal council"]
    assert probe["index"] == len(records.CONTROLLERS)


def test_a_bad_file_named_by_the_environment_stops_the_import_with_one_line(tmp_path):
    path = _write(tmp_path, BUNDLED.replace('colour = "#224400"', 'colour = "#22440"'))
    environment = {**os.environ, factions.ENVIRONMENT_VARIABLE: str(path)}
    result = subprocess.run([sys.executable, "-c", "import geo.records"], cwd=ROOT, env=environment, capture_output=True, text=True)
    assert result.returncode != 0
    assert f"{path}: faction 8 (syrian_opposition): colour '#22440' is not a #RRGGBB colour" in result.stderr.strip().splitlines()[-1]


def _contrast(one: str, other: str) -> float:
    """WCAG 2.1 contrast ratio of two #RRGGBB colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_map_mark_stands_out_3_to_1_and_the_contested_ring_against_every_fill():
    """WCAG 1.4.11: a marker's outline against the map, the contested ring (red over a white halo,
    and dashed: shape as well as colour) against every holder's fill."""
    fills = [mapview.colour(name) for name in records.CONTROLLERS] + [mapview.UNKNOWN_COLOUR]
    assert _contrast(mapview.MARK_OUTLINE, mapview.MAP_BACKGROUND) >= 3
    assert _contrast(mapview.CONTESTED_HALO, mapview.MAP_BACKGROUND) < 3 <= _contrast(mapview.CONTESTED_RING, mapview.MAP_BACKGROUND)
    weak = [fill for fill in fills if max(_contrast(mapview.CONTESTED_RING, fill), _contrast(mapview.CONTESTED_HALO, fill)) < 3]
    assert not weak, f"the contested ring does not stand out on {weak}"
