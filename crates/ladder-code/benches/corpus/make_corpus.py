#!/usr/bin/env python3
"""Build the coder benchmark corpus `sentences.txt`: hand-written sentences plus varied ones.

`handwritten.txt` holds sentences the team wrote one by one. This script adds sentences
built from templates whose slots are filled only with combinations that make sense
together (a jihadist group with the region it operates in, a supplier with the weapon it
is accused of supplying), so that every line still reads like news. The output is
deterministic (fixed seed): same inputs, same file, byte for byte.

    python3 crates/ladder-code/benches/corpus/make_corpus.py           # writes sentences.txt
    python3 crates/ladder-code/benches/corpus/make_corpus.py --check   # fails if out of date
"""
import argparse
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20241018
GENERATED = 260

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

# (adjective, country, capital) — capitals used as metonyms and as places.
# Countries whose leader travels and telephones as "prime minister"; the rest "president".
PRIME_MINISTERS = {
    "Japan", "India", "Germany", "Italy", "Spain", "Poland", "Canada", "Australia",
    "Thailand", "Malaysia", "Norway", "Sweden", "Greece", "Hungary", "the Czech Republic",
    "the Netherlands", "Pakistan", "Bangladesh", "Ethiopia", "Morocco", "Jordan", "Finland",
}
STATES = [
    ("Japanese", "Japan", "Tokyo"), ("South Korean", "South Korea", "Seoul"),
    ("Indian", "India", "New Delhi"), ("Indonesian", "Indonesia", "Jakarta"),
    ("Brazilian", "Brazil", "Brasília"), ("Turkish", "Turkey", "Ankara"),
    ("German", "Germany", "Berlin"), ("French", "France", "Paris"),
    ("Italian", "Italy", "Rome"), ("Spanish", "Spain", "Madrid"),
    ("Polish", "Poland", "Warsaw"), ("Egyptian", "Egypt", "Cairo"),
    ("Saudi", "Saudi Arabia", "Riyadh"), ("Emirati", "the United Arab Emirates", "Abu Dhabi"),
    ("Qatari", "Qatar", "Doha"), ("Nigerian", "Nigeria", "Abuja"),
    ("Kenyan", "Kenya", "Nairobi"), ("South African", "South Africa", "Pretoria"),
    ("Mexican", "Mexico", "Mexico City"), ("Argentine", "Argentina", "Buenos Aires"),
    ("Canadian", "Canada", "Ottawa"), ("Australian", "Australia", "Canberra"),
    ("Vietnamese", "Vietnam", "Hanoi"), ("Thai", "Thailand", "Bangkok"),
    ("Malaysian", "Malaysia", "Kuala Lumpur"), ("Philippine", "the Philippines", "Manila"),
    ("Kazakh", "Kazakhstan", "Astana"), ("Uzbek", "Uzbekistan", "Tashkent"),
    ("Norwegian", "Norway", "Oslo"), ("Swedish", "Sweden", "Stockholm"),
    ("Finnish", "Finland", "Helsinki"), ("Greek", "Greece", "Athens"),
    ("Romanian", "Romania", "Bucharest"), ("Hungarian", "Hungary", "Budapest"),
    ("Czech", "the Czech Republic", "Prague"), ("Dutch", "the Netherlands", "The Hague"),
    ("Pakistani", "Pakistan", "Islamabad"), ("Bangladeshi", "Bangladesh", "Dhaka"),
    ("Ethiopian", "Ethiopia", "Addis Ababa"), ("Moroccan", "Morocco", "Rabat"),
    ("Algerian", "Algeria", "Algiers"), ("Jordanian", "Jordan", "Amman"),
    ("Chilean", "Chile", "Santiago"), ("Colombian", "Colombia", "Bogotá"),
    ("Peruvian", "Peru", "Lima"), ("Mongolian", "Mongolia", "Ulaanbaatar"),
]

TOPICS = [
    "trade and investment", "energy security", "migration", "regional security",
    "the war in Ukraine", "the situation in Gaza", "climate finance", "critical minerals",
    "defence industrial cooperation", "maritime security", "food security",
    "counter-terrorism cooperation", "visa liberalisation", "nuclear energy",
    "the reform of the UN Security Council", "debt relief", "semiconductor supply chains",
]

OFFICES = ["foreign minister", "defence minister", "trade minister",
           "national security adviser", "interior minister", "leader"]


def leader(country):
    return "prime minister" if country in PRIME_MINISTERS else "president"


def number(n):
    """News style: numbers under ten in words."""
    words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    return words[n] if n < 10 else str(n)

ATTRIBUTION = ["the ministry said", "officials said", "according to a government statement",
               "a spokesperson said", "diplomats said"]

# Sanctions: who, whom, for what.
SANCTIONERS = ["The US Treasury", "The European Union", "Britain", "Japan", "Canada",
               "Australia", "Switzerland", "New Zealand"]
SANCTION_TARGETS = [
    ("Russian", ["helping the military obtain Western components",
                 "shipping oil above the price cap", "supporting the war in Ukraine"]),
    ("Iranian", ["supplying drones to Russia", "human rights abuses",
                 "financing armed groups in the region"]),
    ("North Korean", ["arms trading with Russia", "laundering cryptocurrency",
                      "procuring missile components"]),
    ("Belarusian", ["repression of the opposition", "helping Russia evade sanctions"]),
    ("Myanmar", ["supplying jet fuel to the military", "air strikes on civilians"]),
    ("Venezuelan", ["undermining the electoral process", "corruption"]),
    ("Nicaraguan", ["the crackdown on critics and clergy"]),
    ("Syrian", ["the production and trafficking of captagon"]),
]
ENTITY_KINDS = ["companies", "individuals", "vessels", "entities", "officials"]
FREEZABLE = ["companies", "individuals", "banks", "officials"]
SHIPPING = {"Russian", "Iranian", "North Korean"}  # targets whose ships are sanctioned

# Protests: city and the grievances that fit it. Cities where police have used tear gas
# on such protests are listed in TEAR_GAS.
TEAR_GAS = {"Paris", "Nairobi", "Tbilisi", "Dhaka", "Jakarta", "Istanbul", "Lima",
            "Kathmandu", "Maputo", "Caracas", "Lagos", "Colombo", "Buenos Aires"}
PROTESTS = [
    ("Paris", ["pension reform", "rising living costs"]),
    ("Nairobi", ["a finance bill raising taxes", "police brutality"]),
    ("Tbilisi", ["the suspension of EU accession talks", "a foreign agents law"]),
    ("Belgrade", ["corruption", "the collapse of a railway station canopy"]),
    ("Dhaka", ["job quotas", "the killing of student protesters"]),
    ("Buenos Aires", ["spending cuts", "university funding cuts"]),
    ("Jakarta", ["changes to election rules", "perks for lawmakers"]),
    ("Tel Aviv", ["the government's handling of the hostage crisis", "judicial reform"]),
    ("Istanbul", ["the arrest of the city's mayor"]),
    ("Lima", ["the president's government", "extortion by criminal gangs"]),
    ("Bratislava", ["the government's foreign policy"]),
    ("Kathmandu", ["a ban on social media platforms", "corruption"]),
    ("Madrid", ["soaring rents"]),
    ("Seoul", ["the declaration of martial law"]),
    ("Maputo", ["the disputed election results"]),
    ("Caracas", ["the official election results"]),
    ("Lagos", ["the cost of living"]),
    ("Colombo", ["fuel shortages"]),
]
CROWDS = ["Thousands of people", "Tens of thousands of demonstrators", "Hundreds of students",
          "Several thousand protesters", "Crowds of opposition supporters"]

# Violence: (country, place, attacker, victims, source). LARGE: places where attacks with
# dozens of dead are regularly reported.
LARGE = {"Borno state", "Benue state", "the eastern region", "the Mopti region", "the Tillabéri region",
         "North Darfur", "Khan Younis", "Rakhine state", "Ituri province", "North Kivu"}
VIOLENCE = [
    ("Nigeria", "Borno state", "Boko Haram fighters", "villagers", "local officials"),
    ("Nigeria", "Benue state", "armed herders", "farmers", "the state government"),
    ("Burkina Faso", "the eastern region", "jihadist militants", "soldiers and volunteer fighters", "security sources"),
    ("Mali", "the Mopti region", "militants linked to al-Qaeda", "civilians", "local leaders"),
    ("Niger", "the Tillabéri region", "Islamic State fighters", "soldiers", "the defence ministry"),
    ("Somalia", "the Lower Shabelle region", "al-Shabaab militants", "government troops", "a military officer"),
    ("Congo", "Ituri province", "CODECO militiamen", "displaced people", "a UN official"),
    ("Congo", "North Kivu", "ADF rebels", "villagers", "civil society groups"),
    ("Sudan", "North Darfur", "the Rapid Support Forces", "civilians", "a local resistance committee"),
    ("Syria", "Deir ez-Zor province", "Islamic State cells", "fighters of the Kurdish-led Syrian Democratic Forces", "a war monitor"),
    ("Myanmar", "Rakhine state", "military aircraft", "villagers", "the Arakan Army"),
    ("Pakistan", "Khyber Pakhtunkhwa", "Pakistani Taliban fighters", "police officers", "police"),
    ("Pakistan", "Balochistan", "separatist gunmen", "passengers", "provincial officials"),
    ("India", "Manipur", "armed men", "residents", "police"),
    ("Colombia", "Cauca province", "FARC dissidents", "soldiers", "the army"),
    ("Mexico", "Sinaloa", "cartel gunmen", "police officers", "state prosecutors"),
    ("Haiti", "Port-au-Prince", "gang members", "residents", "a human rights group"),
    ("Mozambique", "Cabo Delgado", "Islamist insurgents", "villagers", "aid workers"),
    ("Ukraine", "the Kharkiv region", "Russian glide bombs", "civilians", "the regional governor"),
    ("Ukraine", "Zaporizhzhia", "a Russian missile strike", "residents", "the city's mayor"),
    ("Russia", "the Belgorod region", "Ukrainian drones", "residents", "the regional governor"),
    ("Yemen", "Marib province", "Houthi forces", "government troops", "military sources"),
    ("Lebanon", "the south of the country", "an Israeli drone strike", "people", "the health ministry"),
    ("Gaza", "Khan Younis", "Israeli air strikes", "people", "civil defence officials"),
    ("Ethiopia", "the Amhara region", "Fano militiamen", "federal soldiers", "residents"),
    ("Cameroon", "the North-West region", "separatist fighters", "soldiers", "the army"),
]
KILL_VERBS = ["killed", "killed at least", "killed more than"]

# Alleged transfers with the party that denies them.
# (supplier, recipient, item, capital that denies, who makes the claim)
TRANSFERS = [
    ("Iran", "Russia", "attack drones", "Tehran", ["Western intelligence officials", "Ukrainian military intelligence", "US officials"]),
    ("North Korea", "Russia", "artillery shells", "Pyongyang", ["South Korea's spy agency", "US officials", "Ukrainian military intelligence"]),
    ("North Korea", "Russia", "short-range ballistic missiles", "Pyongyang", ["the White House", "Ukrainian prosecutors", "South Korea's spy agency"]),
    ("Iran", "the Houthis", "anti-ship missiles", "Tehran", ["US officials", "a UN panel of experts"]),
    ("China", "Russia", "drone engines", "Beijing", ["European officials", "people familiar with the matter"]),
    ("the United Arab Emirates", "the Rapid Support Forces", "weapons", "Abu Dhabi", ["a UN panel of experts", "Sudan's army-backed government"]),
    ("Rwanda", "the M23 rebels", "troops and equipment", "Kigali", ["a UN panel of experts", "the Congolese government"]),
    ("Belarus", "Russia", "ammunition", "Minsk", ["Ukrainian military intelligence", "independent investigators"]),
    ("Iran", "Hezbollah", "precision-guided rockets", "Tehran", ["Israeli officials", "Western intelligence officials"]),
]
HEDGES = ["has reportedly supplied", "is believed to have sent", "has supplied",
          "allegedly shipped", "has delivered"]

# Deliveries of military aid with a donor, a recipient and a credible item.
AID = [
    ("Germany", "Ukraine", "IRIS-T air defence systems"),
    ("The United States", "Taiwan", "Harpoon coastal defence missiles"),
    ("Japan", "the Philippines", "coastal surveillance radars"),
    ("France", "Ukraine", "Caesar howitzers"),
    ("Britain", "Ukraine", "Storm Shadow cruise missiles"),
    ("Turkey", "Somalia", "armed drones"),
    ("The European Union", "Moldova", "air surveillance radars"),
    ("Australia", "Papua New Guinea", "patrol boats"),
    ("Sweden", "Ukraine", "CV90 infantry fighting vehicles"),
    ("Italy", "Ukraine", "SAMP/T air defence batteries"),
]
# Sales: (seller, buyer, item).
SALES = [
    ("South Korea", "Poland", "K9 self-propelled howitzers"),
    ("Russia", "Mali", "combat helicopters"),
    ("China", "Cambodia", "naval patrol vessels"),
    ("India", "Armenia", "Pinaka rocket launchers"),
    ("France", "India", "Rafale fighter jets"),
    ("The United States", "Japan", "Tomahawk cruise missiles"),
]
AID_VERBS = ["will send", "has delivered", "pledged to provide", "announced it would supply",
             "is considering sending", "agreed to transfer"]

EXERCISES = [
    ("Chinese and Russian", "the Sea of Japan"), ("US and Philippine", "the South China Sea"),
    ("Indian and French", "the Arabian Sea"), ("Iranian, Russian and Chinese", "the Gulf of Oman"),
    ("Japanese and Australian", "the Coral Sea"), ("NATO", "the Baltic Sea"),
    ("South Korean, US and Japanese", "waters south of Jeju island"),
    ("Egyptian and Saudi", "the Red Sea"), ("Turkish and Azerbaijani", "the Caspian region"),
    ("Belarusian and Russian", "the Brest region"),
]

CONCERN = ["was deeply concerned about", "was alarmed by", "was following with concern",
           "was seriously worried about"]
SITUATIONS = [
    "the escalation along the border", "reports of mass arrests", "the attack on the convoy",
    "the deteriorating humanitarian situation", "the military build-up", "the latest missile launch",
    "the suspension of the grain deal", "the closure of the crossing",
]


def attribution(rng):
    return rng.choice(ATTRIBUTION)


def visit(rng):
    (adj_a, country_a, _), (_, country_b, capital_b) = rng.sample(STATES, 2)
    office, day, topic = rng.choice(OFFICES), rng.choice(WEEKDAYS), rng.choice(TOPICS)
    if office == "leader":
        office = leader(country_a)
    forms = [
        f"The {adj_a} {office} will travel to {capital_b} on {day} for talks on {topic}, {attribution(rng)}.",
        f"The {adj_a} {office} arrived in {capital_b} on {day} on a visit focused on {topic}.",
        f"{adj_a} and {_adj(country_b)} officials met in {capital_b} to discuss {topic}.",
    ]
    return rng.choice(forms)


def _adj(country):
    for adj, name, _ in STATES:
        if name == country:
            return adj
    return country


def call(rng):
    (adj_a, country_a, capital_a), (adj_b, country_b, _) = rng.sample(STATES, 2)
    topic, day = rng.choice(TOPICS), rng.choice(WEEKDAYS)
    office_a = rng.choice([leader(country_a), "foreign minister"])
    office_b = leader(country_b) if office_a == leader(country_a) else "foreign minister"
    forms = [
        f"The {adj_a} and {adj_b} leaders discussed {topic} in a phone call on {day}, {attribution(rng)}.",
        f"{_cap(country_a)}'s {office_a} spoke by telephone with the {adj_b} {office_b} about {topic}.",
        f"{capital_a} and {_capital(country_b)} agreed to step up cooperation on {topic}, {attribution(rng)}.",
    ]
    return rng.choice(forms)


def _capital(country):
    for _, name, capital in STATES:
        if name == country:
            return capital
    return country


def sanction(rng):
    who = rng.choice(SANCTIONERS)
    adj, reasons = rng.choice(SANCTION_TARGETS)
    kinds = ENTITY_KINDS if adj in SHIPPING else [k for k in ENTITY_KINDS if k != "vessels"]
    kind, n = rng.choice(kinds), number(rng.randint(2, 24))
    frozen = rng.choice(FREEZABLE)
    reason = rng.choice(reasons)
    forms = [
        f"{who} imposed sanctions on {n} {adj} {kind} accused of {reason}.",
        f"{who} added {n} {adj} {kind} to its sanctions list for {reason}.",
        f"{who} froze the assets of {n} {adj} {frozen} it said were involved in {reason}.",
    ]
    return rng.choice(forms)


def protest(rng):
    city, grievances = rng.choice(PROTESTS)
    crowd, day, grievance = rng.choice(CROWDS), rng.choice(WEEKDAYS), rng.choice(grievances)
    forms = [
        f"{crowd} marched through {city} on {day} to protest against {grievance}.",
        f"{crowd} rallied in central {city} over {grievance}, and organisers promised more protests.",
    ]
    if city in TEAR_GAS:
        forms.append(f"Police in {city} fired tear gas at {crowd.lower()} protesting against {grievance}.")
    return rng.choice(forms)


def violence(rng):
    country, place, attacker, victims, source = rng.choice(VIOLENCE)
    day = rng.choice(WEEKDAYS)
    if place in LARGE:
        n = rng.choice([12, 15, 18, 20, 25, 30, 40, 50])
    else:
        n = rng.choice([2, 3, 4, 5, 6, 7, 8, 9, 11, 12])
    verb = rng.choice(KILL_VERBS)
    if verb == "killed more than":
        n = max(10, n - n % 10)
    count = number(n)
    forms = [
        f"{_cap(attacker)} {verb} {count} {victims} in {place} on {day}, {source} said.",
        f"At least {count} {victims} were killed by {attacker} in {place}, {country}, according to {source}.",
        f"{_cap(source)} said {attacker} had killed {count} {victims} in {place} on {day}.",
    ]
    return rng.choice(forms)


def _cap(text):
    return text[0].upper() + text[1:]


def transfer(rng):
    supplier, recipient, item, capital, claimants = rng.choice(TRANSFERS)
    claimant, hedge = rng.choice(claimants), rng.choice(HEDGES)
    forms = [
        f"{_cap(supplier)} {hedge} {item} to {recipient}, according to {claimant}.",
        f"{_cap(claimant)} said {supplier} had sent {item} to {recipient}, a claim {capital} denies.",
        f"{capital} denied supplying {item} to {recipient} and called the allegations baseless.",
    ]
    return rng.choice(forms)


def aid(rng):
    if rng.random() < 0.3:
        seller, buyer, item = rng.choice(SALES)
        forms = [
            f"{seller} delivered the first batch of {item} to {buyer} under a contract signed last year.",
            f"{buyer} signed a deal to buy {item} from {seller.replace('The ', 'the ')}, the defence ministry said.",
        ]
        return rng.choice(forms)
    donor, recipient, item = rng.choice(AID)
    verb = rng.choice(AID_VERBS)
    source = rng.choice(["the defence ministry said", "officials said", "the government announced"])
    forms = [
        f"{donor} {verb} {item} to {recipient}, {source}.",
        f"{donor} {verb} {item} to {recipient} as part of a new support package.",
    ]
    return rng.choice(forms)


def exercise(rng):
    navies, sea = rng.choice(EXERCISES)
    days = rng.choice(["three", "five", "seven", "ten"])
    forms = [
        f"{navies} forces began {days} days of joint exercises in {sea}, {attribution(rng)}.",
        f"Warships and aircraft took part in {navies} drills in {sea} on {rng.choice(WEEKDAYS)}.",
    ]
    return rng.choice(forms)


def concern(rng):
    adj, _, _ = rng.choice(STATES)
    return (f"The {adj} foreign ministry said it {rng.choice(CONCERN)} "
            f"{rng.choice(SITUATIONS)} and urged all sides to show restraint.")


MAKERS = [visit, call, sanction, protest, violence, transfer, aid, exercise, concern]


def handwritten():
    lines = []
    for line in (HERE / "handwritten.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


def build():
    rng = random.Random(SEED)
    hand = handwritten()
    seen, generated = set(hand), []
    attempts = 0
    while len(generated) < GENERATED and attempts < GENERATED * 50:
        attempts += 1
        sentence = rng.choice(MAKERS)(rng)
        if sentence not in seen:
            seen.add(sentence)
            generated.append(sentence)
    lines = hand + generated
    rng.shuffle(lines)
    return "".join(line + "\n" for line in lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if sentences.txt is out of date")
    args = parser.parse_args()
    body = build()
    target = HERE / "sentences.txt"
    if args.check:
        if not target.exists() or target.read_text(encoding="utf-8") != body:
            print("error: sentences.txt is out of date (run make_corpus.py)", file=sys.stderr)
            return 1
    else:
        target.write_text(body, encoding="utf-8")
    print(f"{body.count(chr(10))} sentences")
    return 0


if __name__ == "__main__":
    sys.exit(main())
