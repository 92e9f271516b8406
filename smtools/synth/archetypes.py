"""The three demo clients, as data: a Lyon bistro, a fashion e-shop, a B2B software firm.

Each :class:`~smtools.synth.profiles.Profile` holds the client's brief
exactly as ``clients/<slug>.yaml`` has it, plus the knobs of its data. Texts
deliberately contain ``&``, ``<``, quotes and accents: every report must
escape them.

Examples
--------
>>> list(DEMO)
['bistro-lumiere', 'atelier-nova', 'cloudledger']
>>> DEMO["atelier-nova"].brief["currency"]
'USD'
"""

from __future__ import annotations

from smtools.synth.profiles import (
    AdGroup,
    Creative,
    Event,
    Line,
    MentionModel,
    OrganicChannel,
    OutcomeModel,
    PaidChannel,
    Pillar,
    Profile,
)

__all__ = ["ATELIER", "BISTRO", "CLOUDLEDGER", "DEMO"]


def _group(name: str, *creatives: tuple[str, str]) -> AdGroup:
    return AdGroup(name, tuple(Creative(n, f) for n, f in creatives))


# --------------------------------------------------------------------------- Bistro Lumière

BISTRO = Profile(
    slug="bistro-lumiere",
    archetype="restaurant",
    brief={
        "client": "bistro-lumiere",
        "name": "Bistro Lumière",
        "currency": "EUR",
        "timezone": "Europe/Paris",
        "language": "fr",
        "country": "FR",
        "campaign": {"name": "Menu d'automne 2026", "start": "2026-09-14",
                     "end": "2026-10-25", "objective": "sales", "budget": 6000.0},
        "audience": {"ages": [25, 65], "genders": ["female", "male"],
                     "regions": ["Lyon", "Villeurbanne", "Rhône"],
                     # Rhône department, 1.9 M of France's 68.0 M (INSEE 2023)
                     "region_share": 0.028,
                     "interests": ["gastronomie", "vins nature", "sorties en ville", "brunch"]},
        "channels": {"facebook": {"min_share": 0.15, "max_share": 0.45},
                     "instagram": {"min_share": 0.25, "max_share": 0.55},
                     "google_search": {"min_share": 0.2, "max_share": 0.5}},
        "kpis": {"reach": 150000.0, "frequency": 3.0, "cpm": 7.5, "cpa": 10.0, "roas": 3.5},
        "branding": {"colour": "#8c2f39"},
    },
    annual_budget=36000.0,
    spend_weekday=(0.8, 0.85, 0.95, 1.1, 1.25, 1.15, 0.9),
    paid=(
        PaidChannel(
            channel="facebook", share=0.30, campaign_share=0.30, pricing="cpm", cost=5.5,
            ctr=0.011,
            lines=(
                Line("Always-on notoriété locale", "awareness", "always_on", (
                    _group("Lyon 10 km", ("Terrasse – photo", "image"),
                           ("Le chef en cuisine – vidéo", "video")),)),
                Line("Brunch du dimanche", "traffic", "flights", (
                    _group("Familles & amis", ("Brunch – carrousel", "carousel")),),
                    weight=1.3),
                Line("Fêtes de fin d'année", "sales", "seasonal", (
                    _group("Réveillon & groupes", ("Menu du réveillon", "image"),
                           ("Réservez vos fêtes – vidéo", "video")),),
                    weight=1.6, seasons=(("11-25", "12-31"),)),
            ),
            campaign_groups=(
                _group("Prospection Lyon 10 km", ("Menu d'automne – vidéo", "video"),
                       ("Courge & noisettes – image", "image")),
                _group("Retargeting visiteurs", ("Réservez votre table", "image")),
            ),
            roas=(1.0, 2.0), decay=(0.3, 0.55), shape=(1.0, 1.8), dark_weeks=0.7,
            touch_effect=(0.008, 0.02),
        ),
        PaidChannel(
            channel="instagram", share=0.35, campaign_share=0.38, pricing="cpm", cost=6.5,
            ctr=0.008,
            lines=(
                Line("Always-on reels", "engagement", "always_on", (
                    _group("Foodies Lyon", ("Plat du jour – reel", "reel"),
                           ("Coulisses cuisine – reel", "reel")),)),
                Line("Saint-Valentin", "sales", "seasonal", (
                    _group("Couples 25-45", ("Dîner à deux", "image")),),
                    weight=1.8, seasons=(("01-28", "02-14"),)),
                Line("Terrasses d'été", "traffic", "seasonal", (
                    _group("Lyon centre", ("Terrasse – carrousel", "carousel"),
                           ("Apéro en terrasse – reel", "reel")),),
                    weight=1.2, seasons=(("05-20", "07-10"),)),
            ),
            campaign_groups=(
                _group("Foodies Lyon – automne", ("Menu d'automne – reel", "reel"),
                       ("Carrousel des plats", "carousel")),
            ),
            roas=(1.8, 3.2), decay=(0.3, 0.6), shape=(1.0, 2.0), dark_weeks=0.4,
            touch_effect=(0.012, 0.03),
        ),
        PaidChannel(
            channel="google_search", share=0.35, campaign_share=0.32, pricing="cpc", cost=0.55,
            ctr=0.065,
            lines=(
                Line("Marque", "traffic", "always_on", (
                    _group("Marque", ("RSA Bistro Lumière", "text")),), weight=0.6),
                Line("Restaurant Lyon – générique", "sales", "flights", (
                    _group("Restaurant Lyon", ("RSA restaurant Lyon", "text")),
                    _group("Click & collect", ("RSA à emporter", "text"))), weight=1.4),
                Line("Privatisation & groupes", "leads", "seasonal", (
                    _group("Groupes & séminaires", ("RSA privatisation", "text")),),
                    weight=1.0, seasons=(("03-01", "04-15"),)),
            ),
            campaign_groups=(
                _group("Restaurant Lyon – automne", ("RSA menu d'automne", "text")),
                _group("Marque", ("RSA Bistro Lumière", "text")),
            ),
            roas=(3.5, 5.5), decay=(0.1, 0.3), shape=(0.8, 1.3), dark_weeks=0.2,
            touch_effect=(0.02, 0.05),
        ),
    ),
    organic=(
        OrganicChannel(
            channel="facebook", followers=2600, growth=0.10, posts_per_day=1.2,
            base_rate=0.018, reach_rate=0.14,
            formats=(("image", 0.45, 1.0), ("video", 0.25, 1.35), ("carousel", 0.15, 1.15),
                     ("link", 0.15, 0.7)),
            best_slot=(6, 11), day_pattern=(0.85, 0.9, 0.95, 1.05, 1.15, 1.1, 1.0),
            hour_peaks=((12.0, 1.0), (19.0, 1.2)),
            ages=(0.01, 0.07, 0.20, 0.24, 0.22, 0.16, 0.10), female=0.56,
            split=(0.78, 0.07, 0.06, 0.01, 0.08),
        ),
        OrganicChannel(
            channel="instagram", followers=4200, growth=0.25, posts_per_day=1.4,
            base_rate=0.035, reach_rate=0.30,
            formats=(("image", 0.35, 1.0), ("carousel", 0.25, 1.2), ("reel", 0.40, 1.5)),
            best_slot=(3, 19), day_pattern=(0.9, 0.92, 1.0, 1.05, 1.1, 1.05, 0.95),
            hour_peaks=((12.5, 0.9), (20.0, 1.3)),
            ages=(0.03, 0.20, 0.34, 0.22, 0.12, 0.06, 0.03), female=0.60,
        ),
    ),
    pillars=(
        Pillar("Plats & menus", 0.35, 1.25, (
            "Le plat du jour : joue de bœuf braisée & purée maison. On vous attend !",
            "Nouveau à la carte : « quenelle de brochet, sauce Nantua » — un classique lyonnais.",
            "Menu déjeuner < 25 € : entrée + plat + dessert, du mardi au vendredi.",
            "Tarte aux pralines roses & crème crue… le dessert qu'on ne présente plus 😋",
            "Saint-Marcellin affiné, pain de campagne & vin nature : l'apéro parfait.",
        )),
        Pillar("Coulisses de la cuisine", 0.25, 1.1, (
            "6 h 30 aux Halles Paul Bocuse avec le chef : les légumes d'Émilie sont arrivés !",
            "Dans les coulisses : la pâte feuilletée, pliée à la main, 3 fois par jour.",
            "Notre cheffe pâtissière prépare les \"îles flottantes\" du week-end.",
            "Le service commence dans 10 minutes… la brigade est prête ! #coulisses",
        )),
        Pillar("Événements", 0.20, 0.95, (
            "Soirée jazz & vins nature jeudi prochain, à partir de 19 h. Réservez vite !",
            "Fête des Lumières : menu spécial & terrasse chauffée du 5 au 8 décembre.",
            "Dégustation « Beaujolais nouveau » ce jeudi : venez trinquer avec nous !",
            "Brunch du dimanche : œufs Bénédicte, viennoiseries & jus pressés. 🥐",
        )),
        Pillar("Offres & réservations", 0.20, 0.75, (
            "Réservez en ligne : -10 % sur l'addition du lundi au mercredi.",
            "Click & collect : commandez avant 11 h, récupérez à 12 h.",
            "Privatisation pour vos groupes (jusqu'à 40 pers.) : demandez votre devis !",
            "Offrez un bon cadeau Bistro Lumière <3 — valable 1 an.",
        )),
    ),
    regions=(("Lyon", 0.46), ("Villeurbanne", 0.12), ("Rhône", 0.17),
             ("Auvergne-Rhône-Alpes", 0.11), ("Île-de-France", 0.08), ("Autres régions", 0.06)),
    outcome=OutcomeModel(
        kpi="orders", unit_value=42.0,
        weekly=(0.62, 0.75, 0.85, 1.0, 1.35, 1.5, 0.93),
        yearly=((0.10, 350), (0.06, 175)), growth=0.04,
        events=(
            Event("Fête des Lumières", ("2024-12-05", "2024-12-06", "2024-12-07", "2024-12-08",
                                        "2025-12-05", "2025-12-06", "2025-12-07",
                                        "2025-12-08"), 0.45),
            Event("Réveillon du Nouvel An", ("2024-12-31", "2025-12-31"), 0.8),
            Event("Saint-Valentin", ("2025-02-14", "2026-02-14"), 0.6),
            Event("Fête des mères", ("2025-05-25", "2026-05-31"), 0.35),
        ),
    ),
    mentions=MentionModel(
        competitors=("Le Bouchon des Canuts", "Café Sauvage"),
        rates=(7.0, 5.0, 6.0),
        channels=(("instagram", 0.35), ("facebook", 0.2), ("tripadvisor", 0.15), ("x", 0.1),
                  ("tiktok", 0.1), ("blogs", 0.1)),
        texts={
            "positive": (
                "Super dîner chez {brand} hier soir : service au top & plats délicieux !",
                "{brand}, c'est « the » adresse pour un bouchon moderne à Lyon.",
                "Le brunch de {brand} <3 on y retourne dimanche.",
                "Très bonne découverte : {brand}, rapport qualité/prix imbattable.",
            ),
            "neutral": (
                "Quelqu'un a testé {brand} ? Il faut réserver le week-end ?",
                "{brand} ouvre une terrasse cet été, paraît-il.",
                "Photo du menu de {brand} : prix entre 18 & 32 €.",
            ),
            "negative": (
                "Attente un peu longue chez {brand} samedi, dommage.",
                "Plat tiède chez {brand}… déçu cette fois-ci.",
            ),
            "crisis": (
                "{brand} a annulé notre réservation 2 h avant, sans explication. Inadmissible !",
                "Réservation \"confirmée\" chez {brand} et table donnée à d'autres. Fuyez.",
                "Encore une annulation de dernière minute chez {brand} : ça devient une habitude ?",
                "{brand} : 3 amis & moi refoulés à l'entrée malgré la réservation. < 1 étoile.",
            ),
        },
        crisis_theme="annulations de réservations en série",
    ),
    users=20000,
)

# --------------------------------------------------------------------------- Atelier Nova

ATELIER = Profile(
    slug="atelier-nova",
    archetype="fashion",
    brief={
        "client": "atelier-nova",
        "name": "Atelier Nova",
        "currency": "USD",
        "timezone": "America/New_York",
        "language": "en",
        "country": "US",
        "campaign": {"name": "Fall Edit 2026", "start": "2026-09-07", "end": "2026-10-18",
                     "objective": "sales", "budget": 75000.0},
        "audience": {"ages": [18, 44], "genders": ["female", "male"],
                     "regions": ["New York", "California", "Texas", "Florida", "Illinois"],
                     # 124 M of the United States' 335 M (Census Bureau, Vintage 2023)
                     "region_share": 0.37,
                     "interests": ["sustainable fashion", "streetwear", "capsule wardrobe",
                                   "vintage"]},
        "channels": {"instagram": {"min_share": 0.3, "max_share": 0.6},
                     "tiktok": {"min_share": 0.2, "max_share": 0.5},
                     "pinterest": {"min_share": 0.1, "max_share": 0.35}},
        "kpis": {"reach": 2000000.0, "frequency": 3.5, "cpm": 9.5, "ctr": 0.008, "cpa": 28.0,
                 "roas": 3.0},
        "branding": {"colour": "#3d348b"},
    },
    annual_budget=450000.0,
    spend_weekday=(1.05, 0.95, 0.95, 1.0, 0.95, 0.95, 1.15),
    paid=(
        PaidChannel(
            channel="instagram", share=0.45, campaign_share=0.48, pricing="cpm", cost=9.0,
            ctr=0.009,
            lines=(
                Line("Always-on prospecting", "sales", "always_on", (
                    _group("Broad 18-44", ("New arrivals reel", "reel"),
                           ("Bestsellers carousel", "carousel")),)),
                Line("Retargeting – catalog", "sales", "always_on", (
                    _group("Cart abandoners", ("Dynamic catalog ad", "carousel")),),
                    weight=0.5),
                Line("Holiday gifting", "sales", "seasonal", (
                    _group("Gift guide", ("Gift guide reel", "reel"),
                           ("Gifts < $100", "image")),),
                    weight=1.5, seasons=(("11-15", "12-22"),)),
            ),
            campaign_groups=(
                _group("Prospecting – Fall", ("Fall Edit reel", "reel"),
                       ("Fall Edit carousel", "carousel")),
                _group("Retargeting – Fall", ("Back in stock", "image")),
            ),
            roas=(2.2, 3.6), decay=(0.3, 0.55), shape=(1.0, 1.8), dark_weeks=0.2,
            touch_effect=(0.01, 0.025),
        ),
        PaidChannel(
            channel="tiktok", share=0.30, campaign_share=0.32, pricing="cpm", cost=6.5,
            ctr=0.008,
            lines=(
                Line("Spark ads – creators", "awareness", "flights", (
                    _group("Creators", ("Try-on haul", "video"), ("GRWM <3", "video")),),
                    weight=1.6),
                Line("Always-on TikTok Shop", "sales", "always_on", (
                    _group("Shop", ("Product showcase", "video")),), weight=0.7),
                Line("Summer sale", "sales", "seasonal", (
                    _group("Sale", ("Summer sale – up to 40% off", "video")),),
                    weight=1.4, seasons=(("06-12", "07-12"),)),
            ),
            campaign_groups=(
                _group("Creators – Fall", ("Fall try-on", "video"),
                       ("Outfit \"3 ways\"", "video")),
            ),
            roas=(1.2, 2.4), decay=(0.4, 0.65), shape=(1.3, 2.3), dark_weeks=0.6,
            touch_effect=(0.006, 0.015),
        ),
        PaidChannel(
            channel="pinterest", share=0.25, campaign_share=0.20, pricing="cpm", cost=4.5,
            ctr=0.006,
            lines=(
                Line("Always-on shopping", "traffic", "always_on", (
                    _group("Shopping pins", ("Catalog pins", "image")),), weight=0.8),
                Line("Spring collection", "sales", "seasonal", (
                    _group("Spring boards", ("Spring lookbook", "image"),
                           ("5 ways to wear – idea pin", "video")),),
                    weight=1.6, seasons=(("02-20", "04-10"),)),
                Line("Wedding guest edit", "traffic", "seasonal", (
                    _group("Weddings", ("Wedding guest looks", "image")),),
                    weight=1.3, seasons=(("04-25", "06-05"),)),
            ),
            campaign_groups=(
                _group("Fall boards", ("Fall lookbook pin", "image"),
                       ("Layering & knits", "carousel")),
            ),
            roas=(3.0, 4.8), decay=(0.35, 0.6), shape=(0.9, 1.5), dark_weeks=0.5,
            touch_effect=(0.012, 0.03),
        ),
    ),
    organic=(
        OrganicChannel(
            channel="instagram", followers=48000, growth=0.30, posts_per_day=1.3,
            base_rate=0.022, reach_rate=0.22,
            formats=(("image", 0.3, 1.0), ("carousel", 0.3, 1.25), ("reel", 0.4, 1.55)),
            best_slot=(6, 20), day_pattern=(0.95, 0.9, 0.95, 1.0, 1.05, 1.1, 1.15),
            hour_peaks=((12.0, 0.8), (21.0, 1.2)),
            ages=(0.04, 0.30, 0.36, 0.18, 0.07, 0.04, 0.01), female=0.72,
        ),
        OrganicChannel(
            channel="tiktok", followers=21000, growth=0.80, posts_per_day=1.2,
            base_rate=0.05, reach_rate=0.6,
            formats=(("video", 0.85, 1.0), ("carousel", 0.15, 0.8)),
            best_slot=(2, 21), day_pattern=(1.0, 1.05, 1.1, 1.05, 1.0, 0.95, 0.95),
            hour_peaks=((16.0, 0.8), (22.0, 1.3)),
            ages=(0.08, 0.38, 0.30, 0.14, 0.06, 0.03, 0.01), female=0.70,
            split=(0.86, 0.04, 0.05, 0.04, 0.01),
        ),
        OrganicChannel(
            channel="pinterest", followers=12000, growth=0.15, posts_per_day=1.4,
            base_rate=0.012, reach_rate=0.5,
            formats=(("image", 0.7, 1.0), ("video", 0.3, 1.3)),
            best_slot=(5, 10), day_pattern=(0.95, 0.95, 1.0, 1.0, 1.05, 1.15, 1.1),
            hour_peaks=((9.0, 1.0), (20.0, 0.9)),
            ages=(0.03, 0.20, 0.30, 0.22, 0.13, 0.08, 0.04), female=0.78,
            split=(0.35, 0.02, 0.08, 0.40, 0.15),
        ),
    ),
    pillars=(
        Pillar("New in", 0.30, 1.2, (
            "New in: the Nova wrap coat — recycled wool & a cut you'll live in.",
            "Just dropped: \"Midnight\" denim, sizes 00–24. Link in bio!",
            "The knit you asked for is back <3 (only 200 made).",
            "Fresh arrivals for the weekend: linen, suede & everything in between.",
        )),
        Pillar("Styling tips", 0.30, 1.3, (
            "1 blazer, 5 outfits: how to style the Nova blazer from desk to dinner.",
            "Capsule wardrobe 101: 12 pieces < 30 looks. Save this for later!",
            "Colour theory for your closet: pair rust & navy like a pro.",
            "How to layer for fall without looking 'bulky' — our stylist's 3 rules.",
        )),
        Pillar("Behind the seams", 0.20, 1.05, (
            "Meet Rosa, our pattern maker in Brooklyn: 22 years & still obsessed with seams.",
            "From sketch to sample: the making of the Aurora dress.",
            "Why we use deadstock fabric (& what it means for you).",
        )),
        Pillar("Sale & offers", 0.20, 0.7, (
            "Members' sale: 25% off everything this weekend. Code NOVA25.",
            "Free shipping on orders > $75 — this week only.",
            "Last chance: summer styles up to 40% off <3",
        )),
    ),
    regions=(("New York", 0.24), ("California", 0.20), ("Texas", 0.12), ("Florida", 0.10),
             ("Illinois", 0.07), ("Other US states", 0.27)),
    outcome=OutcomeModel(
        kpi="orders", unit_value=92.0,
        weekly=(1.08, 1.0, 0.97, 0.96, 0.93, 0.95, 1.11),
        yearly=((0.14, 340), (0.05, 190)), growth=0.12,
        events=(
            Event("Black Friday", ("2024-11-29", "2025-11-28"), 1.2),
            Event("Cyber Monday", ("2024-12-02", "2025-12-01"), 0.8),
            Event("Mother's Day week", ("2025-05-05", "2025-05-06", "2025-05-07",
                                        "2025-05-08", "2025-05-09", "2026-05-04",
                                        "2026-05-05", "2026-05-06", "2026-05-07",
                                        "2026-05-08"), 0.3),
            Event("Summer sale launch", ("2025-07-01", "2025-07-02", "2026-07-01",
                                         "2026-07-02"), 0.4),
        ),
    ),
    mentions=MentionModel(
        competitors=("Maison Ardent", "Loom & Lane"),
        rates=(22.0, 15.0, 18.0),
        channels=(("instagram", 0.3), ("tiktok", 0.3), ("x", 0.15), ("reddit", 0.1),
                  ("pinterest", 0.05), ("blogs", 0.1)),
        texts={
            "positive": (
                "Obsessed with my new {brand} coat — quality & fit are 10/10.",
                "{brand} just gets it. \"Slow fashion\" that actually looks good.",
                "Haul from {brand} <3 everything fits perfectly.",
                "Shoutout to {brand} customer service, exchange done in 2 days!",
            ),
            "neutral": (
                "Has anyone tried {brand}'s denim? How does sizing run?",
                "{brand} restock is tomorrow at 10am ET apparently.",
                "Comparing {brand} & a couple of other brands for a capsule wardrobe.",
            ),
            "negative": (
                "My {brand} order took a week longer than promised.",
                "Love the style but {brand} prices are getting steep.",
            ),
            "crisis": (
                "Still no refund from {brand} after 6 weeks. Emails ignored. #scam?",
                "{brand} order \"shipped\" 3 weeks ago & never arrived. Support won't answer.",
                "Is {brand} going under? Dozens of people waiting on refunds < 0 replies.",
                "Never ordering from {brand} again: lost parcel, no refund, no apology.",
            ),
        },
        crisis_theme="late deliveries & unanswered refund requests",
    ),
    users=40000,
)

# --------------------------------------------------------------------------- CloudLedger

CLOUDLEDGER = Profile(
    slug="cloudledger",
    archetype="b2b",
    brief={
        "client": "cloudledger",
        "name": "CloudLedger",
        "currency": "GBP",
        "timezone": "Europe/London",
        "language": "en",
        "country": "GB",
        "campaign": {"name": "Q4 Pipeline 2026", "start": "2026-09-07", "end": "2026-10-25",
                     "objective": "leads", "budget": 58000.0},
        "audience": {"ages": [25, 64], "genders": ["female", "male"],
                     "regions": ["London", "South East", "North West", "Scotland"],
                     # 31 M of the United Kingdom's 67.6 M (ONS mid-2022)
                     "region_share": 0.46,
                     "interests": ["accounting software", "small business finance",
                                   "Making Tax Digital", "SaaS"]},
        "channels": {"linkedin": {"min_share": 0.3, "max_share": 0.6},
                     "youtube": {"min_share": 0.1, "max_share": 0.3},
                     "google_search": {"min_share": 0.25, "max_share": 0.5}},
        "kpis": {"reach": 300000.0, "frequency": 4.0, "cpm": 30.0, "cpc": 4.5, "cpa": 85.0,
                 "roas": 2.0},
        "branding": {"colour": "#0b6e4f"},
    },
    annual_budget=300000.0,
    spend_weekday=(1.15, 1.2, 1.2, 1.15, 1.0, 0.6, 0.7),
    paid=(
        PaidChannel(
            channel="linkedin", share=0.45, campaign_share=0.45, pricing="cpm", cost=32.0,
            ctr=0.0045,
            lines=(
                Line("Always-on – finance leaders", "leads", "always_on", (
                    _group("CFOs & finance managers", ("Lead gen form – demo", "image"),
                           ("Customer story – video", "video")),)),
                Line("Webinar promotion", "leads", "flights", (
                    _group("Webinar registrants", ("Live Q&A <close the books faster>",
                                                   "image")),), weight=1.4),
                Line("MTD readiness", "leads", "seasonal", (
                    _group("UK accountants", ("Making Tax Digital guide", "document")),),
                    weight=1.5, seasons=(("01-05", "03-20"),)),
            ),
            campaign_groups=(
                _group("Finance leaders – Q4", ("Demo offer – image", "image"),
                       ("ROI calculator – document", "document")),
                _group("Retargeting – site visitors", ("Case study – video", "video")),
            ),
            roas=(1.4, 2.6), decay=(0.4, 0.65), shape=(1.0, 1.8), dark_weeks=0.3,
            touch_effect=(0.01, 0.025),
        ),
        PaidChannel(
            channel="youtube", share=0.20, campaign_share=0.17, pricing="cpm", cost=9.0,
            ctr=0.003,
            lines=(
                Line("Brand awareness – in-stream", "awareness", "flights", (
                    _group("Finance in-market", ("Product explainer 30s", "video"),
                           ("Founder story 60s", "video")),), weight=1.5),
                Line("Spring product launch", "video_views", "seasonal", (
                    _group("SMB owners", ("What's new in CloudLedger", "video")),),
                    weight=1.5, seasons=(("04-20", "06-10"),)),
            ),
            campaign_groups=(
                _group("In-market software", ("Explainer 15s", "video"),
                       ("Customer story 30s", "video")),
            ),
            roas=(0.8, 1.6), decay=(0.5, 0.7), shape=(1.5, 2.5), dark_weeks=0.5,
            touch_effect=(0.004, 0.012),
        ),
        PaidChannel(
            channel="google_search", share=0.35, campaign_share=0.38, pricing="cpc", cost=4.2,
            ctr=0.045,
            lines=(
                Line("Brand", "traffic", "always_on", (
                    _group("Brand terms", ("RSA brand", "text")),), weight=0.3),
                Line("Generic – accounting software", "leads", "always_on", (
                    _group("Accounting software", ("RSA accounting software", "text")),
                    _group("Invoicing software", ("RSA invoicing", "text"))), weight=1.0),
                Line("Competitor terms", "leads", "flights", (
                    _group("Competitors", ("RSA \"switch & save\"", "text")),), weight=1.8),
            ),
            campaign_groups=(
                _group("Generic – Q4", ("RSA year-end close", "text")),
                _group("Brand – Q4", ("RSA brand", "text")),
            ),
            roas=(3.0, 5.0), decay=(0.1, 0.3), shape=(0.8, 1.3), dark_weeks=0.3,
            touch_effect=(0.02, 0.045),
        ),
    ),
    organic=(
        OrganicChannel(
            channel="linkedin", followers=9500, growth=0.35, posts_per_day=1.3,
            base_rate=0.02, reach_rate=0.16,
            formats=(("image", 0.35, 1.0), ("document", 0.2, 1.45), ("text", 0.2, 0.8),
                     ("video", 0.25, 1.15)),
            best_slot=(1, 8), day_pattern=(1.05, 1.15, 1.15, 1.1, 0.95, 0.6, 0.65),
            hour_peaks=((8.5, 1.2), (12.5, 1.0), (17.5, 0.7)),
            ages=(0.0, 0.08, 0.30, 0.28, 0.20, 0.11, 0.03), female=0.42,
            split=(0.70, 0.06, 0.05, 0.02, 0.17),
        ),
        OrganicChannel(
            channel="youtube", followers=3200, growth=0.40, posts_per_day=1.2,
            base_rate=0.03, reach_rate=0.45,
            formats=(("short", 0.6, 1.3), ("video", 0.4, 1.0)),
            best_slot=(3, 12), day_pattern=(1.0, 1.05, 1.1, 1.1, 1.0, 0.8, 0.85),
            hour_peaks=((12.5, 1.0), (19.0, 0.9)),
            ages=(0.02, 0.14, 0.28, 0.25, 0.17, 0.10, 0.04), female=0.35,
            split=(0.75, 0.08, 0.04, 0.03, 0.10),
        ),
    ),
    pillars=(
        Pillar("Product tips", 0.30, 1.1, (
            "3 shortcuts to close your month-end in < 2 hours with CloudLedger.",
            "Bank feeds & auto-matching: set it up once, reconcile forever.",
            "New: multi-currency invoices (GBP, EUR & USD) in one click.",
            "Did you know? Recurring invoices now support \"pay by bank\".",
        )),
        Pillar("Customer stories", 0.25, 1.3, (
            "How Harper & Finch Ltd cut their admin time by 40% — case study.",
            "\"We closed the year 2 weeks early\" — Priya, FD at Northwind Studios.",
            "From spreadsheets to CloudLedger: a 12-person agency's story.",
        )),
        Pillar("Tax & compliance", 0.25, 1.15, (
            "Making Tax Digital for Income Tax: what changes in April 2026 & how to prepare.",
            "VAT returns in 5 steps: our checklist for UK small businesses.",
            "Self-assessment deadline is 31 January — don't leave it to the last minute!",
        )),
        Pillar("Life at CloudLedger", 0.20, 0.8, (
            "We're hiring! Senior engineers & product designers, London or remote.",
            "Team offsite in Manchester: 2 days of planning & one very long quiz night.",
            "Welcome to the team, Aisha & Tom <3",
        )),
    ),
    regions=(("London", 0.30), ("South East", 0.16), ("North West", 0.11),
             ("West Midlands", 0.09), ("Scotland", 0.08), ("Other UK", 0.26)),
    outcome=OutcomeModel(
        kpi="leads", unit_value=210.0,
        weekly=(1.2, 1.25, 1.25, 1.2, 1.0, 0.4, 0.45),
        yearly=((0.12, 60), (0.05, 100)), growth=0.20,
        events=(
            Event("Self-assessment deadline", ("2025-01-27", "2025-01-28", "2025-01-29",
                                               "2025-01-30", "2025-01-31", "2026-01-26",
                                               "2026-01-27", "2026-01-28", "2026-01-29",
                                               "2026-01-30"), 0.3),
            Event("UK tax year end", ("2025-03-31", "2025-04-01", "2025-04-02", "2025-04-03",
                                      "2026-03-30", "2026-03-31", "2026-04-01",
                                      "2026-04-02"), 0.35),
            Event("Accountex London", ("2025-05-14", "2025-05-15", "2026-05-13",
                                       "2026-05-14"), 0.5),
        ),
        media_share=(0.30, 0.45),
    ),
    mentions=MentionModel(
        competitors=("Ledgerly", "BrightBooks"),
        rates=(9.0, 12.0, 7.0),
        channels=(("linkedin", 0.4), ("x", 0.25), ("reddit", 0.15), ("news", 0.1),
                  ("blogs", 0.1)),
        texts={
            "positive": (
                "Switched our books to {brand} last quarter — reconciliation is finally painless.",
                "{brand}'s bank feeds & VAT module saved me hours this month.",
                "Big fan of {brand}: \"it just works\" for a 10-person company.",
            ),
            "neutral": (
                "Anyone using {brand} with multi-entity groups? Worth it?",
                "{brand} vs spreadsheets for a < 5 person startup — thoughts?",
                "{brand} announced a new pricing tier today.",
            ),
            "negative": (
                "{brand} support took 2 days to answer a simple question.",
                "The new {brand} dashboard is slower than the old one.",
            ),
            "crisis": (
                "{brand} has been down for hours on VAT deadline day. Unacceptable.",
                "Can't access our ledgers on {brand} — \"service unavailable\" since this morning.",
                "{brand} outage again?! Payroll & invoices stuck. Looking at alternatives.",
                "3rd day of {brand} errors. Our accountant & I are losing patience < 0 updates.",
            ),
        },
        crisis_theme="service outage",
    ),
    users=25000,
)

DEMO: dict[str, Profile] = {p.slug: p for p in (BISTRO, ATELIER, CLOUDLEDGER)}
