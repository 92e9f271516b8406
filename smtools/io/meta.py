"""Meta Ads Manager exports (Facebook, Instagram, Audience Network, Messenger).

What the reader expects and how it maps the export to the ``performance`` table:

========================================  =====================================
export column (en / fr / es)              canonical
========================================  =====================================
Reporting starts / Début des rapports /   ``date`` (a daily export has
Inicio del informe, and Reporting ends    starts == ends; a row spanning
                                          several days is rejected)
Campaign name / Ad set name / Ad name     ``campaign`` / ``ad_group`` / ``creative``
Platform (facebook, instagram…)           ``channel`` (``facebook`` without it)
Amount spent (USD)                        ``spend``; the currency in the header
                                          fills ``currency``
Impressions, Reach / Couverture           ``impressions``, ``reach``
Link clicks (else Clicks (all))           ``clicks``
Post engagements                          ``engagements``
ThruPlays (else Video plays)              ``video_views``
Results + Result indicator                conversions when the indicator is a
                                          conversion (purchase, lead…); also
                                          clicks / engagements / video views when
                                          the export lacks those columns
Purchases, Leads                          ``conversions`` for rows whose result
                                          is not a conversion
Purchases conversion value                ``revenue``
Objective                                 ``objective`` (sales, traffic…)
========================================  =====================================

A leading totals row (empty campaign, ad set and ad names) is dropped with a
note. Breakdowns finer than the table (Placement, Age, Gender, Region,
Impression device) are added up, leaving reach empty where rows were added.

Examples
--------
>>> Meta().match(["Reporting starts", "Reporting ends", "Campaign name",
...               "Montant dépensé (EUR)", "Impressions"], 1, ",").complete
True
>>> Meta().match(["Nom de la campagne", "Impressions"], 1, ",").needs()
['Début des rapports', 'Fin des rapports', 'Montant dépensé (…)']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from smtools import networks
from smtools.io._adapter import Adapter, Field, Options, Rows, combine, map_values, objective

__all__ = ["Meta"]

_T = "text"

FIELDS: tuple[Field, ...] = (
    Field("start", ("Reporting starts",), "date", fr=("Début des rapports",),
          es=("Inicio del informe",)),
    Field("end", ("Reporting ends",), "date", fr=("Fin des rapports",),
          es=("Fin del informe",)),
    Field("campaign", ("Campaign name",), _T, fr=("Nom de la campagne",),
          es=("Nombre de la campaña",)),
    Field("ad_group", ("Ad set name",), _T,
          fr=("Nom de l’ensemble de publicités", "Nom de l'ensemble de publicités"),
          es=("Nombre del conjunto de anuncios",)),
    Field("creative", ("Ad name",), _T, fr=("Nom de la publicité",),
          es=("Nombre del anuncio",)),
    Field("platform", ("Platform",), _T, fr=("Plateforme",), es=("Plataforma",)),
    Field("placement", ("Placement",), _T, fr=("Placement", "Emplacement"),
          es=("Ubicación",)),
    Field("device", ("Impression device",), _T, fr=("Appareil d’impression",
                                                     "Appareil d'impression"),
          es=("Dispositivo de impresión",)),
    Field("age", ("Age",), _T, fr=("Âge",), es=("Edad",)),
    Field("gender", ("Gender",), _T, fr=("Sexe",), es=("Sexo",)),
    Field("region", ("Region",), _T, fr=("Région",), es=("Región",)),
    Field("country", ("Country",), _T, fr=("Pays",), es=("País",)),
    Field("objective", ("Objective",), _T, fr=("Objectif",), es=("Objetivo",)),
    Field("indicator", ("Result indicator", "Result type"), _T,
          fr=("Indicateur de résultats", "Indicateur de résultat", "Type de résultat"),
          es=("Indicador de resultados", "Indicador de resultado", "Tipo de resultado")),
    Field("results", ("Results",), fr=("Résultats",), es=("Resultados",)),
    Field("reach", ("Reach",), fr=("Couverture",), es=("Alcance",)),
    Field("impressions", ("Impressions",), fr=("Impressions",), es=("Impresiones",)),
    Field("frequency", ("Frequency",), fr=("Répétition",), es=("Frecuencia",), read=False),
    Field("link_clicks", ("Link clicks",), fr=("Clics sur un lien",),
          es=("Clics en el enlace",)),
    Field("clicks_all", ("Clicks (all)",), fr=("Clics (tous)",), es=("Clics (todos)",)),
    Field("ctr", ("CTR (link click-through rate)", "CTR (all)"), "rate",
          fr=("CTR (taux de clics sur le lien)", "CTR (tous)"),
          es=("CTR (porcentaje de clics en el enlace)", "CTR (todos)"), read=False),
    Field("post_engagements", ("Post engagements", "Post engagement"),
          fr=("Interactions avec la publication",),
          es=("Interacciones con la publicación",)),
    Field("thruplays", ("ThruPlays",), fr=("ThruPlays",), es=("ThruPlays",)),
    Field("video_plays", ("Video plays", "3-second video plays"),
          fr=("Lectures de vidéos", "Lectures de vidéo de 3 secondes"),
          es=("Reproducciones del video", "Reproducciones de video de 3 segundos")),
    Field("purchases", ("Purchases", "Website purchases"),
          fr=("Achats", "Achats sur le site web"), es=("Compras", "Compras en el sitio web")),
    Field("leads", ("Leads",), fr=("Prospects",), es=("Clientes potenciales",)),
    Field("spend", ("Amount spent",), money=True, fr=("Montant dépensé",),
          es=("Importe gastado",)),
    Field("cpm", ("CPM (cost per 1,000 impressions)",), money=True,
          fr=("CPM (coût pour 1 000 impressions)",),
          es=("CPM (costo por cada 1000 impresiones)", "CPM (coste por mil impresiones)"),
          read=False),
    Field("cpc", ("CPC (cost per link click)", "CPC (all)"), money=True,
          fr=("CPC (coût par clic sur un lien)", "CPC (tous)"),
          es=("CPC (costo por clic en el enlace)", "CPC (todos)"), read=False),
    Field("revenue", ("Purchases conversion value", "Website purchases conversion value",
                      "Purchase conversion value"), money=True,
          fr=("Valeur de conversion des achats",
              "Valeur de conversion des achats sur le site web"),
          es=("Valor de conversión de compras", "Valor de conversión de las compras",
              "Valor de conversión de compras en el sitio web")),
    Field("currency", ("Currency",), _T, fr=("Devise",), es=("Divisa", "Moneda")),
)

#: Result indicators (``actions:offsite_conversion.fb_pixel_purchase``) or result types
#: ("Website purchases", "Achats") that count conversions…
CONVERSION = (r"purchase|lead|registration|app_install|subscribe|start_trial|submit_application"
              r"|contact|schedule|donate|custom|achat|prospect|inscription|compra"
              r"|cliente potencial|registro")
#: …unless they are steps before the conversion.
NOT_CONVERSION = (r"add_to_cart|initiate_checkout|add_payment_info|view_content|landing_page"
                  r"|add_to_wishlist|search")
LINK_CLICK = r"link_click|link clicks|clics? sur (un|le) lien|clics? en el enlace"
ENGAGEMENT = r"post_engagement|page_engagement|engagement|interaction|interacci"
VIDEO = r"video_view|thruplay|video plays|lectures? de vid|reproducci"

#: Breakdown columns finer than the performance table: rows are added up over them.
BREAKDOWNS = ("placement", "device", "age", "gender", "region", "country")

DAY_HINT = ('export the report again with the "Day" time breakdown (Breakdown → By time → '
            'Day), so that every row is one day')


class Meta(Adapter):
    """Meta Ads Manager export (en, fr, es) → ``performance``."""

    name = "meta"
    title = "Meta Ads Manager"
    fields = FIELDS
    signature = ("start", "end", "campaign", "impressions", "spend")

    def drop_rows(self, rows: Rows, opts: Options) -> None:
        """Drop the leading totals row: no campaign, ad set or ad name."""
        if rows.n == 0:
            return
        names = [rows.text(k).iloc[:1].isna().all() for k in ("campaign", "ad_group", "creative")
                 if rows.has(k)]
        if names and all(names):
            first = np.zeros(rows.n, dtype=bool)
            first[0] = True
            rows.drop(first, "totals row")

    def build(self, rows: Rows, opts: Options) -> None:
        """Map the export's columns to the performance table."""
        self.check_daily(rows, "start", "end", hint=DAY_HINT)
        rows.put("date", rows.date("start"), "start")
        if rows.has("platform"):
            rows.put("channel", map_values(rows.text("platform"), networks.canonical),
                     "platform")
        else:
            rows.put("channel", "facebook")
        for key in ("campaign", "ad_group", "creative"):
            rows.put_text(key, key)
        if rows.has("objective"):
            rows.put("objective", map_values(rows.text("objective"), objective), "objective")
        rows.put("media_type", "paid")
        rows.put_number("impressions", "impressions")
        rows.put_number("reach", "reach")
        rows.put_number("spend", "spend")
        rows.put_number("revenue", "revenue")
        self._from_results(rows, "clicks", ("link_clicks", "clicks_all"), LINK_CLICK)
        self._from_results(rows, "engagements", ("post_engagements",), ENGAGEMENT)
        self._from_results(rows, "video_views", ("thruplays", "video_plays"), VIDEO)
        self._conversions(rows)
        rows.put_currency(opts)

    @staticmethod
    def _results_where(rows: Rows, pattern: str) -> np.ndarray:
        if not (rows.has("results") and rows.has("indicator")):
            return np.zeros(rows.n, dtype=bool)
        return rows.matches("indicator", pattern)

    def _from_results(self, rows: Rows, canonical: str, keys: tuple[str, ...],
                      pattern: str) -> None:
        values, key = rows.first(*keys)
        if values is not None:
            rows.put(canonical, values, key)
            return
        use = self._results_where(rows, pattern)
        if use.any():
            rows.put(canonical, np.where(use, rows.number("results"), np.nan), "results")

    def _conversions(self, rows: Rows) -> None:
        conv = self._results_where(rows, CONVERSION) & ~rows.matches("indicator", NOT_CONVERSION)
        other, other_key = rows.sum_of("purchases", "leads")
        if conv.any():
            base = other if other is not None else np.full(rows.n, np.nan)
            rows.put("conversions", np.where(conv, rows.number("results"), base), "results")
        elif other is not None:
            rows.put("conversions", other, other_key)

    def finish(self, frame: pd.DataFrame, rows: Rows) -> pd.DataFrame:
        """Add up rows of breakdowns finer than the table (placements, ages…)."""
        present = [rows.col(k) for k in BREAKDOWNS if rows.has(k)]
        if present:
            frame = combine(frame, self.table, " and ".join(present), rows.notes)
        return frame
