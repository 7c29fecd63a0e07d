"""Words the benchmark corpus is made of: countries, people, and sentence templates per story kind.

Written for this project. Placeholders in templates are filled by streams.benchmark.corpus:
{A} {B} {C} countries, {A_adj} their adjectives, {A_cap} capitals, {P}/{Q} people as
"Role First Last" on first mention and by surname after ({P_last}), {P_role} their role,
{org} an organisation, {n} a number, {day} a weekday, {month} a month.
"""

# (name, adjective, capital): real countries, so the country table and NER have work to do.
COUNTRIES = [
    ("France", "French", "Paris"), ("Germany", "German", "Berlin"), ("Japan", "Japanese", "Tokyo"),
    ("Brazil", "Brazilian", "Brasilia"), ("India", "Indian", "New Delhi"), ("China", "Chinese", "Beijing"),
    ("Russia", "Russian", "Moscow"), ("Ukraine", "Ukrainian", "Kyiv"), ("Turkey", "Turkish", "Ankara"),
    ("Egypt", "Egyptian", "Cairo"), ("Nigeria", "Nigerian", "Abuja"), ("Kenya", "Kenyan", "Nairobi"),
    ("Mexico", "Mexican", "Mexico City"), ("Canada", "Canadian", "Ottawa"), ("Argentina", "Argentine", "Buenos Aires"),
    ("Indonesia", "Indonesian", "Jakarta"), ("Vietnam", "Vietnamese", "Hanoi"), ("Poland", "Polish", "Warsaw"),
    ("Spain", "Spanish", "Madrid"), ("Italy", "Italian", "Rome"), ("Sweden", "Swedish", "Stockholm"),
    ("Norway", "Norwegian", "Oslo"), ("South Africa", "South African", "Pretoria"), ("Pakistan", "Pakistani", "Islamabad"),
    ("Bangladesh", "Bangladeshi", "Dhaka"), ("Iran", "Iranian", "Tehran"), ("Saudi Arabia", "Saudi", "Riyadh"),
    ("Qatar", "Qatari", "Doha"), ("Chile", "Chilean", "Santiago"), ("Peru", "Peruvian", "Lima"),
    ("Australia", "Australian", "Canberra"), ("South Korea", "South Korean", "Seoul"), ("Ghana", "Ghanaian", "Accra"),
    ("Ethiopia", "Ethiopian", "Addis Ababa"), ("Morocco", "Moroccan", "Rabat"), ("Greece", "Greek", "Athens"),
]

# (first name, gender) and surnames from many places: the corpus pairs them at random.
FIRST_NAMES = [
    ("Amara", "f"), ("Lukas", "m"), ("Yuki", "f"), ("Rafael", "m"), ("Priya", "f"), ("Wei", "m"),
    ("Olena", "f"), ("Emre", "m"), ("Nadia", "f"), ("Chinedu", "m"), ("Wanjiru", "f"), ("Diego", "m"),
    ("Claire", "f"), ("Mateo", "m"), ("Siti", "f"), ("Minh", "m"), ("Katarzyna", "f"), ("Javier", "m"),
    ("Giulia", "f"), ("Erik", "m"), ("Ingrid", "f"), ("Thabo", "m"), ("Ayesha", "f"), ("Karim", "m"),
    ("Leila", "f"), ("Faisal", "m"), ("Camila", "f"), ("Hiroshi", "m"), ("Ji-woo", "f"), ("Kwame", "m"),
    ("Selam", "f"), ("Youssef", "m"), ("Eleni", "f"), ("Daniel", "m"), ("Sarah", "f"), ("Michael", "m"),
]
SURNAMES = [
    "Okafor", "Becker", "Tanaka", "Almeida", "Sharma", "Zhang", "Kovalenko", "Demir", "Haddad", "Mwangi",
    "Alvarez", "Dubois", "Santos", "Wijaya", "Nguyen", "Nowak", "Moreno", "Ricci", "Lindqvist", "Hansen",
    "Ndlovu", "Qureshi", "Rahman", "Farahani", "Al-Harbi", "Castillo", "Mendoza", "Whitfield", "Park",
    "Mensah", "Tesfaye", "Benali", "Papadopoulos", "Fischer", "Morgan", "Ortega", "Ivanova", "Costa",
]

DIPLOMACY_ROLES = [
    "Foreign Minister", "Prime Minister", "President", "Ambassador", "Deputy Foreign Minister",
    "special envoy", "chief negotiator", "foreign ministry spokesman", "Trade Minister",
]
OTHER_ROLES = [
    "chief executive", "coach", "analyst", "mayor", "professor", "spokesperson",
    "economist", "fire chief", "researcher", "director", "captain", "finance minister", "opposition leader",
]

ORGANISATIONS = [
    "the United Nations", "the World Bank", "the European Union", "the African Union", "the IMF",
    "the Red Cross", "the World Health Organization", "NATO", "ASEAN", "the International Energy Agency",
]
COMPANIES = ["Nordvik Energy", "Alpenhaus", "Meridian Shipping", "Kestrel Foods", "Solano Mining", "Bluewater Telecom"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "September", "October", "November"]
SOURCES = ["MERIDIAN WIRE", "ATLAS NEWS WIRE", "HARBOUR PRESS", "CONTINENTAL NEWS SERVICE"]

HEADLINES = {
    "diplomacy": [
        "{A} and {B} resume talks on {issue} after {n}-month pause",
        "{A_adj} foreign minister heads to {B_cap} seeking deal on {issue}",
        "{B} summons {A_adj} ambassador over {issue}",
        "Leaders of {A} and {B} sign accord on {issue} at {C_cap} summit",
        "{A} recalls envoy from {B} as dispute over {issue} deepens",
        "{A}, {B} and {C} agree framework for negotiations on {issue}",
    ],
    "business": [
        "{company} agrees takeover of {A_adj} rival in {n} billion deal",
        "{A_adj} shares climb as {company} lifts forecast",
        "{company} to cut {n}00 jobs in {A} as demand slows",
    ],
    "sport": [
        "{A} beat {B} {n}-1 to reach the final",
        "{A_adj} captain leads comeback against {B} in qualifier",
        "Late goal sends {A} past {B} in {A_cap}",
    ],
    "disaster": [
        "Floods in {A} displace thousands as rivers rise",
        "Storm hits coast of {A}, cutting power to {n}0,000 homes",
        "Rescuers search for survivors after earthquake in {A}",
    ],
    "science": [
        "{A_adj} researchers report advance in drought-resistant rice",
        "{A_adj} telescope finds water vapour on distant planet",
        "Study from {A_cap} links city heat to sleep loss",
    ],
    "politics": [
        "{A} opposition claims gains as election count continues",
        "{A_adj} parliament passes budget after all-night session",
        "Thousands march in {A_cap} over fuel prices",
    ],
}

ISSUES = [
    "river water sharing", "fishing rights", "a prisoner exchange", "tariffs on steel", "border crossings",
    "gas transit fees", "visa rules", "a ceasefire", "nuclear inspections", "migration returns",
    "grain exports", "a maritime boundary", "climate finance", "detained journalists",
]

# Narrative sentences per kind; paragraphs are built from two or three of them.
SENTENCES = {
    "diplomacy": [
        "Negotiators from {A} and {B} met for {n} hours on {day} at a government guest house in {A_cap}, officials said.",
        "The talks on {issue} had stalled for more than a year after a dispute over the wording of a draft treaty.",
        "{A_adj} diplomats said the two sides had agreed to set up a joint technical commission before the next round.",
        "The foreign ministry in {B_cap} said the ambassador had been summoned to explain remarks made at a press conference.",
        "Envoys from {C} and {org} attended the session as observers, according to a statement released late on {day}.",
        "Sanctions imposed on {B} last {month} remain in place, and {A_adj} officials have said they will not be lifted before a deal.",
        "Analysts in {C_cap} said the summit showed a determination on both sides to keep the relationship stable.",
        "A draft agreement on {issue} was almost signed {n} years ago but collapsed at the last minute.",
        "The next round of negotiations is expected in {B_cap} in {month}, after consultations with parliament.",
        "Relations between {A} and {B} have been strained since the embassy in {A_cap} reduced its staff.",
        "The two governments also discussed trade, consular access for detained citizens and a possible state visit.",
        "{org} welcomed the resumption of the dialogue and offered to host further talks.",
    ],
    "business": [
        "{company} said on {day} that revenue rose {n} percent in the quarter, helped by strong demand in {A}.",
        "The deal still needs approval from competition regulators in {A} and {B}, which could take until {month}.",
        "Shares in {company} rose {n} percent in early trading in {A_cap}.",
        "Analysts said the cost cuts would help margins but warned that orders from {B} remained weak.",
        "The company employs about {n},000 people and runs plants in {A}, {B} and {C}.",
        "Unions in {A_cap} said they would ask for talks with management about the planned job cuts.",
    ],
    "sport": [
        "{A} took the lead after {n} minutes when a header from a corner beat the goalkeeper at the near post.",
        "{B} equalised just before half-time, but the home side were the stronger team after the break.",
        "The crowd of {n}0,000 in {A_cap} stayed on their feet for the final ten minutes.",
        "The win lifts {A} to the top of the group with one match to play, two points ahead of {C}.",
        "The coach made three changes from the side that lost in {B_cap} last {month}.",
        "It was the first time {A} had beaten {B} away from home in {n} years.",
    ],
    "disaster": [
        "Heavy rain has fallen across northern {A} for {n} days, and rivers have burst their banks in several districts.",
        "Emergency services said {n}0 people had died and hundreds more were missing.",
        "{org} said it was sending tents, water purification tablets and medical teams to the worst hit areas.",
        "Roads into the region were cut, and helicopters from {B} were helping to drop supplies.",
        "Forecasters in {A_cap} said more rain was expected before the weekend.",
        "Many families spent the night on rooftops waiting for boats to reach them.",
    ],
    "science": [
        "The study, published on {day}, followed {n},000 volunteers in {A} and {B} over five years.",
        "The researchers said the results must be confirmed by larger trials before any change in practice.",
        "The team in {A_cap} used data from satellites and ground stations collected since {month} {n}.",
        "Funding came from {org} and a university consortium in {C}.",
        "Other scientists said the method was promising but expensive to scale.",
        "The findings could help farmers in dry regions of {A} and {B} protect yields.",
    ],
    "politics": [
        "Turnout was about {n}0 percent, the electoral commission in {A_cap} said on {day}.",
        "The governing party has held power for {n} years and faces anger over rising prices.",
        "Police said the march through central {A_cap} was largely peaceful.",
        "The budget raises spending on health and schools and cuts fuel subsidies from {month}.",
        "Opposition lawmakers walked out before the final vote, saying they had not been given time to read the bill.",
        "Observers from {org} said the count had been orderly but slow in rural districts.",
    ],
}

# What people say, per kind, so quotes fit the story.
QUOTES = {
    "diplomacy": [
        "We did not come here to sign anything. We came here to start counting the same water",
        "The door to dialogue remains open, but it cannot stay open forever",
        "This agreement is not perfect, but it is the best one we have had in a decade",
        "Our position on {issue} has not changed and will not change under pressure",
        "We expect our partners in {B_cap} to respect what was agreed",
        "Patience is also a policy",
        "There were frank exchanges, and that is what talks are for",
        "No one should mistake our restraint for weakness",
    ],
    "business": [
        "Demand in {A} has come back faster than we expected",
        "This deal gives us the scale to compete with the biggest players",
        "We have made difficult decisions to protect the business for the long term",
        "The market is still nervous, and it will take more than one good quarter to change that",
    ],
    "sport": [
        "The boys showed real character after the break",
        "We knew {B} would come at us early, and we held on",
        "It is a great night for the country, but the job is not done",
        "We made mistakes and we were punished for them",
    ],
    "disaster": [
        "The water came so fast that we could only take the children",
        "We need boats, clean water and medicine, and we need them now",
        "This is the worst flooding we have seen in a generation",
        "Our teams are working around the clock, but some villages are still cut off",
    ],
    "science": [
        "It is an encouraging result, but it is one study",
        "For the first time we can see the effect directly rather than guess at it",
        "Farmers do not need miracles, they need seeds that survive a bad year",
        "The data surprised us, and we checked it three times",
    ],
    "politics": [
        "People are tired of promises, they want to be able to pay for bread",
        "The count must be finished before anyone declares victory",
        "This budget asks everyone to carry part of the load",
        "We will be back on the streets every week until the price comes down",
    ],
}

# Background sentences that fit any story, so paragraphs repeat less.
BACKGROUND = [
    "The {A_adj} government did not immediately respond to a request for comment.",
    "Officials in {B_cap} declined to give details, citing the sensitivity of the matter.",
    "The announcement came a day after a meeting of the cabinet in {A_cap}.",
    "Local media in {A} reported that the decision had been expected for several weeks.",
    "{A} is one of the largest economies in its region, with a population of more than {n}0 million.",
    "A report by {org} last {month} said the situation could worsen without coordinated action.",
    "Critics said the plan did too little, too late, and called for an independent review.",
    "Residents interviewed on {day} said they were waiting to see what would change in practice.",
    "The figures could not be independently verified.",
    "Newspapers in {C_cap} gave the story prominent coverage on their front pages.",
    "The issue has become a test for the government ahead of elections due next year.",
    "Earlier this year a similar proposal was rejected by a narrow margin in parliament.",
]

# Phrases quoted inside a quote or as a partial quote.
SHORT_PHRASES = [
    "frank and useful", "a step backwards", "the beginning of a serious conversation", "unacceptable",
    "a historic day", "not the end of the road", "deeply worrying", "a good first step",
]
