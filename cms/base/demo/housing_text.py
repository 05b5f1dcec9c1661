"""Titles and descriptions of the generated demo homes, in Swedish and English."""

TENURE_WORDS = {
    "sv": {"rental": "hyresrätt", "tenant-owned": "bostadsrätt", "house-for-sale": "villa", "room": "rum"},
    "en": {"rental": "rental flat", "tenant-owned": "tenant-owned flat", "house-for-sale": "house", "room": "room"},
}
FEATURES = {
    "sv": [
        "Inglasad balkong i kvällssol och tvättstuga i huset.",
        "Nyrenoverat kök, egen förrådsplats och motorvärmaruttag på gården.",
        "Bastu i källaren och cykelförråd; busshållplatsen ligger runt hörnet.",
        "Stora fönster mot skogen och skidspår som börjar några hundra meter bort.",
        "Ljus hörnlägenhet med golvvärme i badrummet och egen parkeringsplats.",
        "Trädgård med bärbuskar och ett förråd som rymmer både skidor och cyklar.",
    ],
    "en": [
        "Glazed balcony with evening sun and a laundry room in the building.",
        "Newly renovated kitchen, a storage room and an engine-heater socket in the yard.",
        "Sauna in the basement and bicycle storage; the bus stop is round the corner.",
        "Large windows facing the forest, and ski tracks that start a few hundred metres away.",
        "Bright corner flat with underfloor heating in the bathroom and its own parking space.",
        "Garden with berry bushes and a shed that holds both skis and bikes.",
    ],
}


def describe_home(language, *, tenure, rooms, area, street, neighbourhood, school, school_km, commute, feature):
    """A (title, description) pair for a generated demo home."""
    kind = TENURE_WORDS[language][tenure]
    if language == "sv":
        title = (
            f"{kind.capitalize()} på {street}, {neighbourhood}"
            if tenure == "room"
            else f"{rooms} rum och kök, {kind} på {street}"
        )
        text = (
            f"{kind.capitalize()} om {area} m² i {neighbourhood}. {FEATURES['sv'][feature]}\n\n"
            f"Närmaste skola är {school}, {school_km:.1f} km bort, och det tar ungefär {commute} minuter in till centrum."
        )
    else:
        title = f"Room on {street}, {neighbourhood}" if tenure == "room" else f"{rooms}-room {kind} on {street}"
        text = (
            f"A {area} m² {kind} in {neighbourhood}. {FEATURES['en'][feature]}\n\n"
            f"The nearest school is {school}, {school_km:.1f} km away, and the centre is about {commute} minutes away."
        )
    return title, text
