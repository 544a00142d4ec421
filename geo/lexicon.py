"""Word lists shared by the text stages (mentions, events): data, not logic."""

from __future__ import annotations

# Capitalised words that are never place names on their own in English news.
NON_PLACE_WORDS = frozenset(
    """
    iraqi iraqis syrian syrians kurdish kurd kurds turkish turk turks iranian iranians russian
    russians american americans british french german arab arabs arabic sunni sunnis shiite
    shiites shia yazidi yazidis turkmen assyrian christian christians muslim muslims jihadist
    jihadists islamic islamist state group caliphate daesh isis isil is al qaeda nusra ypg sdf
    pmu pmf hashed shaabi peshmerga coalition army forces force police government regime
    ministry minister prime president general lieutenant colonel major captain commander
    spokesman spokeswoman sheikh imam observatory human rights council command operations
    joint task special counter terrorism service popular mobilisation mobilization units unit
    democratic brigade division battalion regiment republican guard tiger monday tuesday
    wednesday thursday friday saturday sunday january february march april may june july
    august september october november december afp ap reuters bbc trt cnn un nato eu us
    international red cross crescent committee rescue mr mrs ms dr sir lord
    """.split()
)

# Common English words: a capitalised one at the start of a sentence is not a name.
COMMON_WORDS = frozenset(
    """
    a about above across after again against all almost along already also although always
    among an and another any are around as at back be because been before being below between
    both but by came can come could did do does down during each early earlier either even
    ever every few first for from further had has have having he her here hers him his how
    however if in inside into is it its just last late later least less like many may
    meanwhile might more most much must my near neither never new next no nor not now of off
    often on once one only or other our out outside over own part per perhaps since so some
    still such than that the their them then there these they this those though through
    throughout thus to today together too toward towards under until up upon us very was we
    were what when where whether which while who whom whose why will with within without would
    yet you your hit bar bab dam camp base mount lake river road highway valley desert
    security fighters troops militants residents officials sources witnesses several dozens
    hundreds thousands two three four five six seven eight nine ten
    """.split()
)

# Words that, written before a capitalised name, make it a person.
PERSON_TITLES = frozenset(
    """
    mr mrs ms dr president minister premier general gen lieutenant lt colonel col major maj
    captain capt commander cmdr spokesman spokeswoman sheikh imam ayatollah king prince
    emir sergeant sgt brigadier admiral governor mayor leader chief director secretary
    envoy ambassador correspondent reporter analyst
    """.split()
)

SPEECH_VERBS = frozenset(
    """
    said says say told tells added adds stated states announced announces warned warns hailed
    hails predicted predicts claimed claims vowed vows insisted insists noted notes confirmed
    confirms denied denies urged urges called calls wrote writes declared declares
    """.split()
)

# Nouns that describe a place: "the town of X", "X province".
PLACE_NOUNS = frozenset(
    """
    town towns city cities village villages hamlet hamlets district districts province provinces
    governorate region area areas suburb suburbs neighbourhood neighborhood countryside valley
    desert border crossing outskirts pocket enclave stronghold bastion port airbase base
    """.split()
)

DIRECTIONS = (
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "north-east",
    "north-west",
    "south-east",
    "south-west",
)

# Words that may stand before a place name without making it part of a longer
# name: "Iraqi Kurdistan", "northern Hawija", "Sunni Arab Ramadi".
DESCRIPTORS = frozenset(
    """
    iraqi syrian kurdish turkish iranian jordanian lebanese saudi northern southern eastern western
    central north south east west greater upper lower old new sunni shiite shia arab christian
    yazidi turkmen assyrian rural urban besieged embattled strategic key ancient nearby
    """.split()
)

# Public figures of the war named by surname alone ("Abadi issued a statement",
# "a victory for Assad"): GeoNames has villages of these names too.
PERSON_NAMES = frozenset(
    """
    abadi assad erdogan baghdadi maliki barzani talabani sadr soleimani muhandis nasrallah putin obama
    trump biden kerry lavrov mattis tillerson sisi rouhani khamenei zarqawi adnani jolani golani
    """.split()
)

# News agencies and outlets written in capitals ("SANA reported").
AGENCIES = frozenset("sana irna anha hawar anadolu xinhua tass sputnik ria mehr fars tasnim rudaw kurdistan24 alsumaria".split())

# News outlets whose names are also place words ("Al Jazeera" is an island and a region): as a
# whole capitalised name they are the outlet, never the place (lower case, hyphens as spaces).
NEWS_OUTLETS = frozenset(
    """
    al jazeera|al arabiya|al mayadeen|al masdar|al monitor|asharq al awsat|al sumaria|al hadath|al manar|al akhbar|al ahram|
    al iraqiya|al araby|al araby al jadeed
    """.split("|")
)
NEWS_OUTLETS = frozenset(" ".join(name.split()) for name in NEWS_OUTLETS)

# Heads of Arabic place names: on their own (the rest of the name missing from
# the gazetteer) they are a fragment, never a place ("Jabal" of "Jabal Abd al-Aziz").
GENERIC_HEADS = frozenset(
    """
    tal tall tel tell ras jisr kafr kfar deir dayr dair ain ayn bir wadi jabal jebel khirbet khirbat umm abu
    bab qasr hisn marj sheikh shaykh ard hay hayy harat souq suq nahr bahr jazirat
    """.split()
)

# Ordinary English words that GeoNames also lists as villages: never a place
# from prose on their own ("Camp", "Mission", "Station" ...). "Hit" is a real
# town and is left to the sentence-start rule of COMMON_WORDS.
ENGLISH_WORDS = frozenset(
    """
    camp mission station junction farm farms hill hills well wells market school mosque church tower bridge
    centre center spring springs gate palace garden gardens castle fort point court hospital park square
    street field fields island lake mountain eden hope faith grace peace victory freedom unity liberty union
    star sun moon king queen prince saint light paradise heaven junction crossing airport refinery
    """.split()
)

# Capitalised words that, after a place name, make the whole run an
# organisation or a unit ("Nineveh Operations Command", "Raqqa Brigade").
ORGANISATION_WORDS = frozenset(
    """
    operations command brigade brigades council division battalion battalions regiment corps front army
    forces force police militia movement party committee faction group shield union assembly authority
    administration office ministry directorate revolutionaries martyrs liberation tahrir
    """.split()
)

# Regions that straddle borders: never one village of that name ("Syrian Kurdistan").
REGION_WORDS = frozenset("kurdistan rojava levant".split())

