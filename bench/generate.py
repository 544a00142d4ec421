"""Synthetic workloads for the benchmark: articles and event datasets, seeded.

Articles are recombined from sentence patterns of the kind the seeds use
(headers in several formats, a dateline, captures, assaults, air strikes,
quotes, background, page furniture) over real town names of the theatre, so
the extractor does real work. Events are ACLED-format rows spread over the
theatre's towns. Same seed, same files.

    python bench/generate.py articles 500 OUT_DIR
    python bench/generate.py events 100000 OUT.csv
"""

from __future__ import annotations

import csv
import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.gazetteer import THEATRE, load_gazetteer
from geo.names import strip_diacritics

SIDES = {
    "IQ": ["Iraqi forces", "Iraqi troops", "Federal police units", "Hashed al-Shaabi fighters", "Counter-Terrorism Service troops"],
    "SY": ["Syrian government forces", "Syrian troops", "The US-backed Syrian Democratic Forces", "SDF fighters", "Russian-backed government forces"],
}
ENEMY = ["Islamic State", "the Islamic State group", "IS", "Daesh", "the jihadists"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
HEADERS = [
    "Published: {d:%d}th {d:%B %Y} 10:{m:02d} AM",
    "{d:%B} {d.day}, {d:%Y}",
    "Updated Date: {d:%b} {d.day}, {d:%Y} 18:{m:02d}:11 IST",
    "date {d:%Y-%m-%d}",
    "{d:%Y-%m-%d}T08:{m:02d}:00Z",
]
EVENT_SENTENCES = [
    "{side} on {weekday} recaptured the town of {town} from {enemy}, the military said.",
    "{side} launched an assault on the {enemy_adj}-held town of {town} on {weekday}.",
    "The coalition said it had carried out several air strikes on {enemy} positions in and around {town}.",
    "{enemy_cap} fighters overran the village of {town} on {weekday}, killing at least {n} troops.",
    "Heavy shelling was reported around {town} where {side_lower} have been amassing in recent days.",
    "{town} was retaken by {side_lower} earlier this month, according to state media.",
    "At least {n} militants were killed in clashes near {town} on {weekday}, a monitor said.",
    "{side} pushed north from {town} towards the border on {weekday}.",
]
BACKGROUND = [
    '"We will liberate every inch of our land," the prime minister said.',
    "Humanitarian organisations expressed concern for the fate of civilians caught up in the fighting.",
    "The offensive is expected to last several weeks, commanders said.",
    "Thousands of families have fled the area since the start of the year.",
    "The jihadists are now confined to a small stretch of territory, officials said.",
]
FURNITURE = ["Related", "Fighting flares in {town}", "Markets reopen in {other}", "Share this article", "You must be logged in to post a comment."]


def theatre_towns(limit: int = 400) -> list[tuple[str, str]]:
    """(name as news write it, country) for the most populous towns of the theatre."""
    gazetteer = load_gazetteer()
    towns = [entry for entry in gazetteer.entries if entry.kind == "settlement" and entry.country_code in THEATRE and entry.population > 0]
    towns.sort(key=lambda entry: (-entry.population, entry.place_id))
    picked = []
    for entry in towns[:limit]:
        picked.append((strip_diacritics(entry.name).replace("‘", "").replace("’", "'"), entry.country_code))
    return picked


def article(rng: random.Random, towns: list[tuple[str, str]], number: int) -> str:
    published = date(2016, 1, 1) + timedelta(days=rng.randrange(1095))
    town, country = rng.choice(towns)
    lines = [f"{rng.choice(['Troops', 'Forces', 'Fighting'])} {rng.choice(['advance', 'press on', 'close in'])} near {town}"]
    lines.append(rng.choice(HEADERS).format(d=published, m=number % 60))
    body = []
    for _ in range(rng.randint(3, 7)):
        town, country = rng.choice(towns)
        side = rng.choice(SIDES[country])
        enemy = rng.choice(ENEMY)
        sentence = rng.choice(EVENT_SENTENCES).format(
            side=side,
            side_lower=side[0].lower() + side[1:] if side.startswith("The ") else side,
            town=town,
            enemy=enemy,
            enemy_cap=enemy[0].upper() + enemy[1:],
            enemy_adj="Islamic State" if enemy in ("Islamic State", "the Islamic State group") else "IS",
            weekday=rng.choice(WEEKDAYS),
            n=rng.randint(2, 40),
        )
        body.append(sentence)
        if rng.random() < 0.6:
            body.append(rng.choice(BACKGROUND))
    dateline = rng.choice(["BAGHDAD", "DAMASCUS", "ERBIL", "Beirut"])
    body[0] = f"{dateline}: {body[0]}"
    lines.extend(body)
    lines.extend(line.format(town=rng.choice(towns)[0], other=rng.choice(towns)[0]) for line in rng.sample(FURNITURE, 3))
    return "\n\n".join(lines) + "\n"


def write_articles(count: int, out: Path, seed: int = 2017) -> None:
    rng = random.Random(seed)
    towns = theatre_towns()
    out.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        (out / f"gen_{number:05d}.txt").write_text(article(rng, towns, number), encoding="utf-8")


ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
]
ACLED_TYPES = [
    ("Battles", "Armed clash"),
    ("Battles", "Government regains territory"),
    ("Battles", "Non-state actor overtakes territory"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Violence against civilians", "Attack"),
]


def write_events(count: int, out: Path, seed: int = 2018, places: int = 2000) -> None:
    """ACLED-format rows: ``count`` events over up to ``places`` locations."""
    rng = random.Random(seed)
    gazetteer = load_gazetteer()
    towns = [entry for entry in gazetteer.entries if entry.kind == "settlement" and entry.country_code in THEATRE]
    towns.sort(key=lambda entry: entry.place_id)
    sites = []
    for index in range(places):
        town = towns[index % len(towns)]
        jitter = 0 if index < len(towns) else 0.05 * (index // len(towns))
        sites.append((f"{town.name}{'' if jitter == 0 else f' {index // len(towns)}'}", town.country_code, town.latitude + jitter, town.longitude + jitter))
    sides = {
        "SY": ["Military Forces of Syria (2000-)", "SDF: Syrian Democratic Forces"],
        "IQ": ["Military Forces of Iraq (2014-)", "Popular Mobilization Forces"],
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(ACLED_COLUMNS)
        for number in range(count):
            name, country, latitude, longitude = rng.choice(sites)
            event_type, sub_event_type = rng.choice(ACLED_TYPES)
            day = date(2016, 1, 1) + timedelta(days=rng.randrange(1460))
            winner = rng.choice(sides[country])
            actor1, actor2 = (winner, "IS: Islamic State") if rng.random() < 0.7 else ("IS: Islamic State", winner)
            writer.writerow(
                [
                    f"SYN{number}",
                    day.isoformat(),
                    rng.choice([1, 1, 1, 2, 3]),
                    event_type,
                    sub_event_type,
                    actor1,
                    actor2,
                    "Syria" if country == "SY" else "Iraq",
                    name,
                    f"{latitude:.4f}",
                    f"{longitude:.4f}",
                    rng.choice([1, 1, 2]),
                    "synthetic",
                    f"Synthetic event {number} at {name}.",
                    rng.choice([0, 0, 1, 2, 5, 12]),
                ]
            )


if __name__ == "__main__":
    kind, count, target = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    if kind == "articles":
        write_articles(count, target)
    elif kind == "events":
        write_events(count, target)
    else:
        sys.exit(f"unknown workload {kind!r}: use articles or events")
