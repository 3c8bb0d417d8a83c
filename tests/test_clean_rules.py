"""Line roles on pages built like news sites the sample does not contain."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import kit
from kit import clean, paths

UNSEEN_PAGE = """Aller au contenu principal
Menu
International
Séoul accuse Pyongyang d'envoyer des millions d'obus à Moscou
Les services de renseignement sud-coréens estiment que les livraisons se sont accélérées depuis l'été.
Par Jeanne Martin
Publié le 12 mars 2024 à 10h31, modifié le 12 mars 2024 à 14h02
Temps de lecture : 3 min.
Partager sur Facebook
Partager sur X
Des soldats nord-coréens lors d'un défilé à Pyongyang, le 8 février 2024. KCNA VIA REUTERS
Selon le service national de renseignement, plus de six mille conteneurs ont franchi la frontière depuis le mois d'août, chargés d'obus d'artillerie et de roquettes destinés au front ukrainien.
Lire aussi : La Corée du Nord teste un nouveau missile de croisière
Publicité
Le ministère de la Défense à Séoul a refusé de commenter ces chiffres, tout en rappelant que la coopération militaire entre les deux pays viole plusieurs résolutions des Nations unies.
Une alliance qui inquiète Tokyo
Au Japon, le gouvernement a exprimé sa « vive préoccupation » et annoncé de nouvelles sanctions contre des entités russes et nord-coréennes impliquées dans ces transferts.
Sur le même sujet
Kim Jong Un inspecte une usine de munitions
Moscou et Pyongyang signent un traité de défense
Article réservé aux abonnés
© Le Quotidien 2024
"""  # noqa: E501 (a scraped page: its paragraphs are single long lines)


@pytest.fixture
def unseen():
    rows = clean.classify_lines(UNSEEN_PAGE)
    return {r.text: r for r in rows}, clean.assemble(rows)


def test_unseen_page_roles(unseen):
    by_text, _ = unseen
    role = lambda start: next(r.role for t, r in by_text.items() if t.startswith(start))  # noqa: E731
    assert role("Aller au contenu") == "navigation"
    assert role("Séoul accuse") == "title"
    assert role("Les services de renseignement") == "lead"
    assert role("Par Jeanne Martin") == "credit"
    assert role("Publié le 12 mars") == "timestamp"
    assert role("Temps de lecture") == "navigation"
    assert role("Partager sur X") == "social"
    assert role("Des soldats nord-coréens") == "caption"
    assert role("Lire aussi") == "related"
    assert role("Publicité") == "advertising"
    assert role("Une alliance qui inquiète Tokyo") == "subheading"
    assert role("Sur le même sujet") == "related"
    assert role("Kim Jong Un inspecte") == "related"
    assert role("Article réservé") == "paywall"
    assert role("© Le Quotidien") == "credit"


def test_unseen_page_article(unseen):
    _, article = unseen
    assert article["title"] == "Séoul accuse Pyongyang d'envoyer des millions d'obus à Moscou"
    assert article["date"] == pd.Timestamp("2024-03-12")
    paragraphs = article["text"].split("\n\n")
    assert paragraphs[0].startswith("Les services de renseignement")
    assert paragraphs[-1].startswith("Au Japon")
    assert len(paragraphs) == 5  # lead, 3 paragraphs, 1 subheading
    assert "KCNA" not in article["text"] and "Lire aussi" not in article["text"]


def test_long_paragraph_that_names_a_platform_stays_body():
    page = (
        "Un titre sur les réseaux sociaux\n"
        "Le premier paragraphe explique pourquoi l'affaire a pris une telle ampleur en quelques jours.\n"
        "Partager sur Facebook ou Twitter est devenu, selon les chercheurs, un geste politique que les "
        "gouvernements surveillent de près depuis plusieurs années, en Russie comme ailleurs.\n"
    )
    roles = [r.role for r in clean.classify_lines(page)]
    assert roles == ["title", "lead", "body"]


def test_date_never_from_caption_or_comment():
    page = (
        "Titre de l'article du jour\n"
        "Le président a reçu hier son homologue pour un entretien de deux heures au palais.\n"
        "Le président et son homologue, le 3 mai 2023 à Moscou. Photo John Doe / AFP\n"
        "La rencontre a porté sur la coopération militaire et les sanctions occidentales.\n"
        "3 commentaires\n"
        "Le 4 juin 2024 à 12h00\n"
        "Très bon article, merci.\n"
    )
    rows = clean.classify_lines(page)
    assert clean.article_date(rows) is None
    assert [r.role for r in rows][-3:] == ["comment", "comment", "comment"]


def _roles_between_paragraphs(line: str) -> list[str]:
    """The roles of a page of our own: a headline, a lead, ``line``, then a body paragraph."""
    page = (
        "Le sommet entre Moscou et Pyongyang s'achève\n"
        "Le président russe a reçu jeudi le dirigeant nord-coréen pour un sommet de deux jours à Moscou.\n"
        f"{line}\n"
        "Les deux dirigeants ont signé un accord de coopération militaire, selon les agences officielles.\n"
    )
    return [r.role for r in clean.classify_lines(page)]


_LONG_CAPTION = (
    "Le président russe accueille le dirigeant nord-coréen sur le tarmac de l'aéroport de Vladivostok, "
    "sous une pluie fine, avant leur premier entretien en tête-à-tête de la journée, le 24 avril 2019."
)
_LONG_PARAGRAPHS = [
    # long paragraphs that name an agency or hold a slash, as body text does
    "Le président russe a accueilli le dirigeant nord-coréen sur le tarmac de l'aéroport de Vladivostok, "
    "avant leur premier entretien en tête-à-tête de la journée, a rapporté l'agence Reuters/AFP.",
    "Selon un sondage Ipsos/Sopra Steria publié dimanche, une majorité de Français jugent cette rencontre "
    "inquiétante pour la sécurité de l'Europe et souhaitent que l'Union réagisse rapidement.",
]

# Furniture between two paragraphs of a page of our own, in the shapes observed on scraped
# pages, and the role it takes. Each group failed before the rule that reads it.
_FURNITURE = [
    # photo credits whatever their capitals; an agency then its photographer, or the agency alone
    ("Crédits photos : Agence Martin", "credit"),
    ("Crédit : Jeanne Dupont", "credit"),
    ("Le ministre à la tribune de l'Assemblée, lundi • Crédits : Jeanne Dupont", "caption"),
    ("Photo : la délégation à son arrivée à l'aéroport - Jeanne Dupont", "caption"),
    ("Photo iStock", "credit"),
    ("La délégation nord-coréenne à son arrivée à l'aéroport de Moscou, mardi. AFP/Jeanne DUPONT.", "caption"),
    ("La délégation nord-coréenne à son arrivée à l'aéroport de Moscou. (KEYSTONE/Jeanne Dupont)", "caption"),
    ("La délégation nord-coréenne à son arrivée à l'aéroport de Moscou, mardi. Image: Keystone", "caption"),
    # advertising and offers
    ("LA SUITE APRÈS CETTE PUBLICITÉ", "advertising"),
    ("Publicité 2", "advertising"),
    ("Vente flash : l'abonnement numérique à prix réduit", "advertising"),
    ("1 € par mois pendant 3 mois. Sans engagement.", "paywall"),
    ("Gérez votre abonnement", "paywall"),
    # another article's headline after "Lire :", a related block's header
    ("Lire : Que cachent les valises qui espionnent les téléphones ?", "related"),
    ("À lire : le traité de défense mutuelle en cinq questions", "related"),
    ("Articles en relation", "related"),
    ("Articles les plus lus", "related"),
    ("L'auteur vous recommande", "related"),
    ("Articles récents", "related"),
    # an embedded post's signature, in the forms the platforms print
    ("— Jeanne Martin (@jeannemartin) March 14, 2020", "social"),
    ("— Jeanne Martin (@jeannemartin) 14 mars 2020", "social"),
    ("Une publication partagée par Jeanne Martin (@jeannemartin)", "social"),
    # an embedded post's own text, which ends in the link the platform shortened, however long
    ("Big day in Vladivostok for the two leaders, more to come https://t.co/Ab12Cd34Ef", "social"),
    (
        "Les deux dirigeants se sont serré la main pendant de longues minutes devant les caméras, sous les "
        "applaudissements de la délégation, avant de monter dans la limousine offerte par le Kremlin "
        "pic.twitter.com/Ab12Cd34Ef",
        "social",
    ),
    # the links to a site's legal and contact pages, alone or several on a line whose items end in "?"
    ("Qui sommes-nous ?", "navigation"),
    ("Conditions générales de vente", "navigation"),
    ("Le Journal | Charte | CGV | Mentions légales | Qui sommes-nous ? | Nos offres", "navigation"),
    ("FAQ - Qui sommes-nous - Mentions légales", "navigation"),
    # an agency's or picture library's name alone under a picture
    ("AFP", "credit"),
    ("Getty Images", "credit"),
    # a menu flattened onto one line, however long
    ("Les rubriques du site International ▪ Politique ▪ Société ▪ Économie ▪ Culture ▪ Sport ▪ Sciences", "navigation"),
    ("Accueil › Monde › Asie › Corée du Nord", "navigation"),
    # a correspondent's credit, whatever follows "notre correspondant" and however long the names
    ("Avec notre correspondante à Séoul, Jeanne Martin", "credit"),
    ("De nos envoyés spéciaux à Vladivostok et Moscou, Jeanne Martin et Paul Durand", "credit"),
    ("Correspondants en Europe et en Asie", "credit"),
    # a wire named as the source, rights reserved and a copyright in letters ending a caption
    ("Cette dépêche a été reprise sans modification. Source : ats", "caption"),
    ("Source : Belga", "credit"),
    ("La délégation à son arrivée à l'aéroport. - Photo d'illustration D.R.", "caption"),
    ("La délégation à son arrivée à l'aéroport / (C) Jeanne Martin", "caption"),
    # datelines in the Swiss and French forms the date markers did not know; a print link
    ("Créé: 14.03.2024, 07h36", "timestamp"),
    ("Mis en ligne le 14 mars 2024 à 10h12", "timestamp"),
    ("Article mis à jour le 15 mars 2024.", "timestamp"),
    ("Dernière mise à jour : 15 mars 2024 à 18h02", "timestamp"),
    ("Version imprimable", "social"),
    # a caption opening with what its picture is, longer than any marker line (25 words)
    (
        "Capture d'écran tirée d'une vidéo diffusée par la télévision d'État montrant le dirigeant nord-coréen "
        "(à gauche) saluant le président russe (à droite) à leur arrivée au palais des congrès de Pyongyang",
        "caption",
    ),
    ("Photo d'archive des deux dirigeants lors de leur rencontre à Vladivostok, le 25 avril 2019.", "caption"),
    ("Photo non datée publiée par l'agence officielle nord-coréenne montrant un tir d'essai.", "caption"),
    ("Sur cette photo fournie par le gouvernement nord-coréen, le dirigeant inspecte une usine.", "caption"),
    # a long caption ending in its credit
    (f"{_LONG_CAPTION} JEANNE MARTIN / AFP", "caption"),
    (f"{_LONG_CAPTION} (© KEYSTONE/JEANNE MARTIN)", "caption"),
    (f"{_LONG_CAPTION} - Photo d'illustration D.R.", "caption"),
    # site widgets written as sentences: a cookie banner however long, a live blog's, a video
    # player's, a bookmark button's and an error form's notices
    (
        "Nous utilisons des cookies pour mesurer l'audience de nos pages et vous proposer des contenus "
        "adaptés à vos centres d'intérêt ; vous pouvez modifier vos choix à tout moment dans les réglages.",
        "navigation",
    ),
    ("En poursuivant votre navigation sur ce site, vous acceptez l'utilisation de cookies.", "navigation"),
    ("Ce direct est désormais terminé", "navigation"),
    ("Merci de nous avoir suivis tout au long de la journée", "navigation"),
    ("Nous nous excusons, mais cette vidéo n'a pas pu se charger.", "navigation"),
    ("Mettre en favori", "navigation"),
    ("Signaler une erreur", "navigation"),
    ("Sauvegarder cet article pour le lire plus tard", "navigation"),
    # an animation credited to the platform it came from; a podcast's production credits
    ("via GIPHY", "credit"),
    ("(via YouTube)", "credit"),
    ("Réalisation : Jeanne Martin", "credit"),
    ("Prise de son, montage et mixage : Paul Durand", "credit"),
    ("Direction éditoriale : Jeanne Martin et Paul Durand", "credit"),
    ("Musique : « Le Vent du nord », Les Frères Martin", "credit"),
    # stop 31: a wire's full name alone, with its short name, or several; a photographer through a
    # picture library; a newsroom and its wire; a caption ending in a picture library in capitals;
    # a dateline's words whose date is on the next line; a reader-funded site's appeal
    ("ASSOCIATED PRESS", "credit"),
    ("ATS Agence télégraphique suisse", "credit"),
    ("AFP et Reuters", "credit"),
    ("JEANNE MARTIN via Getty Images", "credit"),
    ("STR/AFP via Getty Images", "credit"),
    ("Le Quotidien du Sud avec AFP", "credit"),
    ("La rédaction avec l'AFP et Reuters", "credit"),
    ("Le ministre russe de la Défense devant la presse à Pyongyang en 2023. KEYSTONE", "caption"),
    ("Publié le", "timestamp"),
    ("Mis à jour :", "timestamp"),
    ("Cet article vous a plu ? Faites un don à notre rédaction.", "paywall"),
    ("Soutenez-nous", "paywall"),
    # stop 32: a credit after a dash as after a slash; an embed's fallback notice; a "featured" label
    ("Les deux dirigeants échangent une poignée de main devant le train blindé... - Belga", "caption"),
    ("Si le direct ne s'affiche pas, veuillez rafraîchir la page.", "navigation"),
    ("Si la carte interactive ne s’affiche pas, rafraîchissez cette page ou rechargez-la.", "navigation"),
    ("En vedette", "related"),
]

# Paragraphs that share a word or a glyph with the furniture above and stay article text.
_TEXT_LIKE_FURNITURE = [
    "Pyongyang • Moscou • Séoul • Pékin : quatre capitales suivent de près les négociations, selon les diplomates.",
    "Le porte-parole a répondu sur X (@porteparole) que la rencontre aurait bien lieu la semaine prochaine.",
    "Lire le traité, disent les juristes, c'est comprendre ce que Moscou attend désormais de Pyongyang.",
    "De notre côté, nous continuerons de suivre la rencontre, a déclaré le porte-parole du ministère.",
    "Le fonds créé le 12 mars 2020 a déjà versé trois millions d'euros aux familles de réfugiés.",
    # a paragraph longer than any correspondent's credit
    "Avec notre correspondant, le ministre a évoqué longuement la question des sanctions et des livraisons d'armes.",
    "Ces images diffusées par la télévision d'État montrent le convoi entrant dans la capitale, selon l'agence.",
    "Cette photo a fait le tour des réseaux sociaux : elle montre les deux dirigeants riant aux éclats.",
    "Sur cette photo, on distingue nettement le lanceur installé sur un camion, expliquent les analystes.",
    *_LONG_PARAGRAPHS,
    "Le direct est un format que les rédactions affectionnent depuis la guerre en Ukraine, note le chercheur.",
    "Dernières nouvelles du front : les troupes avancent vers la frontière, selon l'état-major.",
    "Les cookies de la boulangerie du village ont été servis aux délégations à la fin du dîner officiel.",
    "Via Twitter, le porte-parole du ministère a confirmé que la rencontre aurait bien lieu jeudi.",
    "Le communiqué du ministère, publié sur https://www.mid.ru/fr/, confirme la date de la rencontre.",
    "La CNIL rappelle que les mentions légales d'un site doivent nommer son directeur de la publication.",
    "Contactez-nous, a lancé le ministre aux familles des soldats, avant de quitter la salle de presse.",
    # two legal pages named in a sentence, however long and whatever its middle dots
    "Twitter modifie ses conditions générales d'utilisation (CGU) à compter du 1er janvier prochain.",
    "La CNIL a sanctionné le site pour ses mentions légales incomplètes et sa politique de confidentialité.",
    "Le règlement européen oblige désormais les plateformes à rédiger des conditions générales d'utilisation "
    "lisibles par leurs utilisateur·rices et à mieux protéger leurs données personnelles, a rappelé jeudi la "
    "présidente de la CNIL devant les député·es.",
    "Production : la Russie aurait doublé ses livraisons d'obus vers le front depuis l'été, selon Kiev.",
    "Musique, danse et défilés : le régime a mis en scène la visite pendant trois jours entiers.",
    # a sentence naming a wire, a donation, a publication
    "Le ministre a accordé un long entretien à Associated Press, sa première interview depuis un an.",
    "L'homme d'affaires a décidé de faire un don de deux millions d'euros à l'hôpital de la ville.",
    "Le rapport publié le 12 mars par l'ONU décrit des livraisons d'armes régulières vers Moscou.",
    # a sentence with a dash before a word, a condition, a show's star
    "Les relations entre Moscou et Pyongyang connaissent un tournant - un de plus, selon les diplomates.",
    "Si le traité ne s'applique pas, les deux pays devront renégocier leurs livraisons d'armes.",
    "En vedette ce soir à Pyongyang, l'orchestre national jouera devant la délégation russe.",
]


@pytest.mark.parametrize("furniture, role", _FURNITURE)
def test_furniture_between_paragraphs_is_not_text(furniture, role):
    assert _roles_between_paragraphs(furniture) == ["title", "lead", role, "body"]


@pytest.mark.parametrize("blank", ["", "\n"])
def test_an_embedded_posts_text_above_its_signature_is_not_text(blank):
    """The post's text ends without a link here, so it reads like a paragraph; its signature
    below says what it is. The paragraphs around it, the lead above all, stay text."""
    page = blank.join(
        line + "\n"
        for line in (
            "Le sommet entre Moscou et Pyongyang s'achève",
            "Le président russe a reçu jeudi le dirigeant nord-coréen pour un sommet de deux jours à Moscou.",
            "Sur les réseaux sociaux, la rencontre a aussitôt suscité des réactions, à Séoul comme à Washington.",
            "A very bad day for the region, and a worse one for the sanctions regime.",
            "— Jeanne Martin (@jeannemartin) March 14, 2020",
            "Les deux dirigeants ont signé un accord de coopération militaire, selon les agences officielles.",
        )
    )
    roles = [r.role for r in clean.classify_lines(page) if r.role != "empty"]
    assert roles == ["title", "lead", "body", "social", "social", "body"]


def test_a_headline_naming_legal_pages_stays_the_headline():
    page = (
        "CGU, données personnelles : ce que les réseaux sociaux changent au 1er janvier\n"
        "Le président russe a reçu jeudi le dirigeant nord-coréen pour un sommet de deux jours à Moscou.\n"
    )
    assert [r.role for r in clean.classify_lines(page)] == ["title", "lead"]


def test_a_post_signature_takes_neither_a_list_of_accounts_nor_the_lead():
    """A bulleted list of accounts is no signature (it holds no date), and a signature whose
    post the scraper lost does not take the lead, even under a site's tagline."""
    accounts = (
        "Le sommet entre Moscou et Pyongyang s'achève\n\n"
        "Le président russe a reçu jeudi le dirigeant nord-coréen pour un sommet de deux jours à Moscou.\n\n"
        "Parmi les dirigeants les plus suivis sur le réseau, trois chefs d'Etat dépassent les dix millions d'abonnés.\n"
        "- Jeanne Martin (@jeannemartin) : 9 millions\n"
        "- Paul Durand (@pauldurand) : 4 millions\n\n"
        "Les deux dirigeants ont signé un accord de coopération militaire, selon les agences officielles.\n"
    )
    roles = [r.role for r in clean.classify_lines(accounts) if r.role != "empty"]
    assert roles[:3] == ["title", "lead", "body"] and roles[-1] == "body"
    tagline = (
        "Le journal qui vous informe chaque jour sur le monde entier, depuis 1945.\n\n"
        "Le sommet entre Moscou et Pyongyang s'achève\n\n"
        "Le président russe a reçu jeudi le dirigeant nord-coréen pour un sommet de deux jours à Moscou.\n\n"
        "— Jeanne Martin (@jeannemartin) March 14, 2020\n\n"
        "Les deux dirigeants ont signé un accord de coopération militaire, selon les agences officielles.\n"
    )
    rows = [r for r in clean.classify_lines(tagline) if r.role != "empty"]
    assert [r.role for r in rows if r.text.startswith("Le président russe")] != ["social"]


@pytest.mark.parametrize("sentence", _TEXT_LIKE_FURNITURE)
def test_a_paragraph_like_furniture_stays_text(sentence):
    assert _roles_between_paragraphs(sentence) == ["title", "lead", "body", "body"]


@pytest.mark.parametrize(
    "line", ["Vladimir Poutine s'entretient avec Xinhua", "Il a publié le rapport", "Kim Jong Un reçu avec Reuters"]
)
def test_a_headline_naming_a_wire_or_a_publication_is_no_marker(line):
    """The newsroom-and-wire credit wants a newsroom's capitalised name before "avec" (stop 31),
    and a dateline's words alone only them."""
    shape = clean.line_shape(line)
    assert shape.marker is None and not shape.timestamp


def test_the_long_cases_run_past_marker_lines():
    """The long captions and paragraphs above test the rules for lines past PATTERN_MAX_WORDS."""
    assert len(_LONG_CAPTION.split()) > clean.PATTERN_MAX_WORDS
    assert all(len(p.split()) > clean.PATTERN_MAX_WORDS for p in _LONG_PARAGRAPHS)


def test_created_or_updated_inside_a_sentence_is_no_date_marker():
    assert clean.EXPLICIT_DATE_MARKER.search("Le fonds créé le 12 mars 2020 a versé trois millions d'euros.") is None
    assert clean.EXPLICIT_DATE_MARKER.search("Créé: 14.03.2024, 07h36") is not None


def test_a_sentence_citing_an_agency_stays_text():
    page = (
        "Le sommet entre Moscou et Pyongyang s'achève\n"
        "Le président russe a reçu jeudi le dirigeant nord-coréen pour un sommet de deux jours à Moscou.\n"
        "Les deux dirigeants ont signé un accord de coopération militaire, a rapporté l'agence Reuters/AFP.\n"
        "Selon les images diffusées par la télévision d'État, la rencontre a duré trois heures, selon Keystone.\n"
    )
    assert [r.role for r in clean.classify_lines(page)] == ["title", "lead", "body", "body"]


def test_a_pictures_alternative_text_above_its_caption_is_the_caption():
    page = (
        "Le sommet entre Moscou et Pyongyang s'achève\n"
        "\n"
        "Les deux dirigeants se serrent la main à Pyongyang, le 19 juin 2024.\n"
        "Les deux dirigeants se serrent la main à Pyongyang, le 19 juin 2024. JEANNE MARTIN / AFP\n"
        "\n"
        "Le président russe a reçu jeudi le dirigeant nord-coréen pour un sommet de deux jours à Moscou.\n"
        "Les deux dirigeants ont signé un accord de coopération militaire, selon les agences officielles.\n"
    )
    rows = clean.classify_lines(page)
    assert [(r.role, r.rule) for r in rows][2:4] == [("caption", "photo_credit")] * 2
    assert [r.role for r in rows][5:] == ["lead", "body"]


def test_a_list_speaking_to_the_reader_above_its_next_heading_is_not_a_pull_quote():
    page = (
        "Élections : comment voter par correspondance\n"
        "Le matériel de vote est arrivé cette semaine dans les boîtes aux lettres de tout le canton.\n"
        "  • Si vous avez perdu votre enveloppe, la chancellerie vous en envoie une autre sur demande.\n"
        "\n"
        "Conseil des États\n"
        "\n"
        "  • Vous pouvez marquer au plus douze noms sur le bulletin, sans quoi votre vote sera annulé.\n"
    )
    rows = [(r.role, r.rule) for r in clean.classify_lines(page)]
    assert rows[2] == ("body", "paragraph")
    assert rows[4] == ("subheading", "short_line_between_paragraphs")
    assert rows[6][0] == "body"


def test_a_comment_form_opens_the_comments():
    page = (
        "Le sommet entre Moscou et Pyongyang s'achève\n"
        "Le président russe a reçu jeudi le dirigeant nord-coréen pour un sommet de deux jours à Moscou.\n"
        "Les deux dirigeants ont signé un accord de coopération militaire, selon les agences officielles.\n"
        "Poster un commentaire\n"
        "Vous devez vous connecter pour poster un commentaire.\n"
        "J'ai lu et j'accepte la charte des commentaires.\n"
        "Voilà une alliance qui ne présage rien de bon pour la région, à mon avis, et pour l'Europe.\n"
    )
    roles = [r.role for r in clean.classify_lines(page)]
    assert roles[:3] == ["title", "lead", "body"] and set(roles[3:]) == {"comment"}


def test_readers_reactions_open_the_comments_but_a_reactions_heading_does_not():
    page = (
        "Le sommet entre Moscou et Pyongyang s'achève\n"
        "Le président russe a reçu jeudi le dirigeant nord-coréen pour un sommet de deux jours à Moscou.\n"
        "Les réactions\n"
        "Séoul et Tokyo ont aussitôt condamné un accord qui menace, selon eux, la sécurité de la région.\n"
        "Vos réactions\n"
        "jean dupont Le 12 mars à 10:31\n"
        "Voilà une alliance qui ne présage rien de bon pour la région, à mon avis, et pour l'Europe.\n"
    )
    roles = [r.role for r in clean.classify_lines(page)]
    assert roles[:4] == ["title", "lead", "subheading", "body"] and set(roles[4:]) == {"comment"}


@pytest.mark.parametrize("heading", ["Contexte", "L'ESSENTIEL", "Sanctions"])
def test_a_one_word_heading_between_paragraphs_is_a_subheading(heading):
    assert _roles_between_paragraphs(heading) == ["title", "lead", "subheading", "body"]


def test_one_word_lines_beside_other_short_lines_stay_navigation():
    page = (
        "Le sommet entre Moscou et Pyongyang s'achève\n"
        "Le président russe a reçu jeudi le dirigeant nord-coréen pour un sommet de deux jours à Moscou.\n"
        "Monde\n"
        "Asie\n"
        "Les deux dirigeants ont signé un accord de coopération militaire, selon les agences officielles.\n"
    )
    assert [r.role for r in clean.classify_lines(page)] == ["title", "lead", "navigation", "navigation", "body"]


_TRANSCRIPT = (
    "00:00 Une poignée de main devant les caméras, et des sourires\n"
    "00:06 pour le premier sommet entre les deux dirigeants depuis quatre ans\n"
    "00:11 Le choix du lieu n'a rien d'un hasard\n"
    "00:15 c'est là que la Russie assemble ses fusées.\n"
)


def test_a_video_transcript_behind_its_timecodes_is_text():
    page = "Sommet Moscou-Pyongyang : la vidéo de la rencontre\nTranscription\n" + _TRANSCRIPT
    rows = [(r.role, r.rule) for r in clean.classify_lines(page)]
    assert rows[0] == ("title", "headline_above_first_paragraph") and rows[1][0] == "navigation"
    assert [role for role, _ in rows[2:]] == ["lead", "body", "body", "body"]


def test_a_ticker_of_clock_times_is_no_transcript():
    """A ticker's times start late in the day and go back, newest first; a transcript's start
    within the first minute; three lines are the least that make one."""
    article = (
        "Le sommet entre Moscou et Pyongyang s'achève\n"
        "Le président russe a reçu jeudi le dirigeant nord-coréen pour un sommet de deux jours à Moscou.\n"
        "Les deux dirigeants ont signé un accord de coopération militaire, selon les agences officielles.\n"
    )
    ticker = (
        "13:54 Un séisme frappe la Papouasie\n"
        "13:18 La loi sur le renseignement validée\n"
        "13:08 Les calories sur les bouteilles\n"
    )
    assert [r.role for r in clean.classify_lines(article + ticker)][3:] == ["navigation"] * 3
    two_lines = "".join(_TRANSCRIPT.splitlines(keepends=True)[2:])
    # two time-coded lines are read line by line: the first, short and unfinished, is no paragraph
    rows = [(r.role, r.rule) for r in clean.classify_lines(article + two_lines)]
    assert rows[3] == ("subheading", "short_line_between_paragraphs")


def test_op_ed_in_first_person_keeps_its_last_paragraph():
    page = (
        "Tribune : pourquoi je crois à la diplomatie\n"
        "Je suis diplomate depuis trente ans et j'ai vu bien des crises se dénouer autour d'une table.\n"
        "Je pense que la négociation reste la seule voie raisonnable, même avec les régimes les plus fermés.\n"
        "C'est pourquoi je plaide pour une reprise du dialogue, sans naïveté mais sans renoncement.\n"
    )
    roles = [r.role for r in clean.classify_lines(page)]
    assert roles == ["title", "lead", "body", "body"]


@pytest.mark.parametrize(
    "last_paragraph",
    [
        # a quotation that runs on past the paragraph (French closes it only after the last one)
        "« Parfois il faut savoir quitter la table des négociations. J'aurais pu signer, mais je ne le voulais pas,",
        # a capture cut mid-word after a lone capital I
        "Le ministre a présenté ses condoléances à la famille du gendarme décédé. I",
    ],
)
def test_a_last_paragraph_quoting_someone_is_not_an_author_blurb(last_paragraph):
    page = (
        "Le sommet entre Washington et Pyongyang tourne court\n"
        "Le second sommet entre les deux dirigeants a tourné court, hier, dans la capitale vietnamienne.\n"
        "Le président américain a quitté la salle sans accord, après deux heures de discussions tendues.\n"
        f"{last_paragraph}\n"
    )
    rows = clean.classify_lines(page)
    assert [r.role for r in rows] == ["title", "lead", "body", "body"]
    assert rows[-1].rule != "first_person_or_contact_at_end"


def test_an_author_blurb_in_the_first_person_closes_the_page():
    page = (
        "Le sommet entre Washington et Pyongyang tourne court\n"
        "Le second sommet entre les deux dirigeants a tourné court, hier, dans la capitale vietnamienne.\n"
        "Le président américain a quitté la salle sans accord, après deux heures de discussions tendues.\n"
        "Je suis correspondant en Asie depuis dix ans et je couvre la péninsule coréenne pour le journal.\n"
    )
    assert clean.classify_lines(page)[-1].rule == "first_person_or_contact_at_end"


def test_page_that_is_all_chrome_has_no_text():
    page = "Accueil\nMenu\nPartager sur Facebook\nLes plus lus\n© 2024 Média\n"
    article = clean.assemble(clean.classify_lines(page))
    assert article["text"] == "" and article["title"] is None


def test_site_chrome_repeated_across_pages_of_a_source():
    body = "Le gouvernement a annoncé de nouvelles mesures après la rencontre entre les deux dirigeants, jeudi."
    pages = pd.DataFrame(
        {
            "doc_id": ["a", "b", "c"],
            "source": ["site", "site", "site"],
            "page_text": [
                f"Nos offres du moment\nTitre numéro {k} de la journée\nÉdition {k}. {body}\n" for k in "abc"
            ],
        }
    )
    lines = clean.line_roles(pages)
    chrome = lines[lines["text"] == "Nos offres du moment"]
    assert chrome["role"].tolist() == ["navigation"] * 3
    assert set(chrome["rule"]) == {"repeated_in_source"}
    assert lines[lines["text"].str.startswith("Titre numéro")]["role"].tolist() == ["title"] * 3


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Publié le lundi 27 octobre 2025 à 10h31", "2025-10-27"),
        ("Mis à jour le 1er mars 2024", "2024-03-01"),
        ("27/10/2025 14:00", "2025-10-27"),
        ("Published March 5, 2024", "2024-03-05"),
        ("2025-10-27T08:00:00+02:00", "2025-10-27"),
        ("22:10", None),
        ("le 31 février 2024", None),
        # a two-digit year: only as the whole line, the weekday (if any) matching the calendar
        ("10.12.19", "2019-12-10"),
        ("Publié le 03/04/23 à 14h05", "2023-04-03"),
        ("mardi 10.12.19", "2019-12-10"),
        ("lundi 10.12.19", None),
        ("1.2.19", None),
        ("Le score était de 10.12.19 à la mi-temps", None),
        ("31.02.19", None),
        # day-month-year with dashes, year first with slashes or dots: two digits each, standing apart
        ("Publié le 19-06-2024 à 10h31", "2024-06-19"),
        ("2024/06/19 10:31", "2024-06-19"),
        ("Mis à jour : 2024.06.19", "2024-06-19"),
        ("Score final 3-2-2024", None),
        ("Version 2019.1.2 du logiciel", None),
        ("Tél. 12-34-5678", None),
        ("La saison 2023-2024", None),
        ("https://exemple.fr/medias/2024/06/19/photo-kim.jpg", None),
        ("exemple.fr/monde/article-19-06-2024-kim", None),
        ("le 31-02-2024", None),
        # a comma before the year; month first where day first is impossible, a plausible year only
        ("Publié le 18 juin, 2025", "2025-06-18"),
        ("mer, 06/18/2025 - 10:00", "2025-06-18"),
        ("12/11/2025", "2025-11-12"),
        ("13/13/2025", None),
        ("https://exemple.fr/medias/2025/04/28/250428-img.jpg", None),
    ],
)
def test_parse_date(text, expected):
    got = clean.parse_date(text, two_digit_year=True)  # as a page's lines are read
    assert (got is None and expected is None) or got == pd.Timestamp(expected)


def test_a_two_digit_year_is_read_on_a_page_line_only(tmp_path):
    """A metadata field with a two-digit year is read by its reader (``dayfirst``, the time kept),
    not by the page's line form; the century is POSIX's on every run; a weekday the case-blind
    pattern lets through with a long s or a dotted capital I neither crashes nor dates a page."""
    from kit.readers import metadata

    assert clean.parse_date("10/12/19 10:31:00") is None
    assert metadata.parse_date("10/12/19 10:31:00", dayfirst=False)[0] == pd.Timestamp("2019-10-12 10:31")
    assert clean.parse_date("10.12.68", two_digit_year=True).year == 2068
    assert clean.parse_date("10.12.69", two_digit_year=True).year == 1969
    assert clean.parse_date("ſamedi 14.12.19", two_digit_year=True) == pd.Timestamp("2019-12-14")
    assert clean.parse_date("lundİ 09.12.19", two_digit_year=True) is None
    (tmp_path / "p.txt").write_text(
        "lundİ 09.12.19\nPyongyang et Moscou resserrent les rangs\n\n"
        "La première phrase de l'article raconte la visite du ministre russe à Pyongyang mardi.\n",
        encoding="utf-8",
    )
    assert pd.isna(kit.load(tmp_path, progress=False).articles["date"].iloc[0])


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Le ministre a rencontré son homologue pour parler de la guerre et des sanctions.", "fr"),
        ("The minister met his counterpart to discuss the war and the sanctions imposed by the West.", "en"),
        ("Der Minister traf seinen Amtskollegen, um über den Krieg und die Sanktionen zu sprechen.", "de"),
        ("El ministro se reunió con su homólogo para hablar de la guerra y de las sanciones.", "es"),
        ("12 34", "und"),
    ],
)
def test_detect_language(text, lang):
    assert clean.detect_language(text) == lang


def test_near_duplicates_flags_a_lightly_edited_reprint():
    base = " ".join(f"mot{k}" for k in range(200))
    edited = base.replace("mot150", "autre")
    other = " ".join(f"terme{k}" for k in range(200))
    dup = clean.near_duplicates(pd.Series([base, other, edited, base], index=["a", "b", "c", "d"]))
    assert dup.tolist() == [None, None, "a", "a"]


@pytest.mark.parametrize("in_memory", [None, 0, 20_000], ids=["in memory", "all spilled", "some spilled"])
def test_near_duplicates_agree_with_the_jaccard_of_all_shingles(in_memory, monkeypatch):
    # the originals' shingles kept in memory, or written to the temporary file from the first
    # one on, or past 20 kB (about ten originals), and the word cache emptied as it goes
    if in_memory is not None:
        monkeypatch.setattr(clean, "SHINGLES_IN_MEMORY", in_memory)
        monkeypatch.setattr(clean, "WORD_IDS_KEPT", 500)
        monkeypatch.setattr(clean, "POSTINGS_BUFFER", 50)  # the index merged into its arrays often
    # stories of 100-300 words; copies with 1-11 words replaced, so their similarity to the
    # original ranges from nearly 1 to well under the threshold; compared with a brute-force
    # Jaccard of every 5-word shingle against every earlier original
    rng = np.random.default_rng(7)
    vocabulary = [f"mot{k}" for k in range(3000)]
    texts = []
    for _ in range(40):
        words = list(rng.choice(vocabulary, size=int(rng.integers(100, 300))))
        texts.append(words)
        for _ in range(2):
            copy = list(words)
            for at in rng.choice(len(copy), size=int(rng.integers(1, 12)), replace=False):
                copy[at] = f"autre{rng.integers(10**6)}"
            texts.append(copy)
    order = rng.permutation(len(texts))
    texts = [" ".join(texts[k]) for k in order]

    def shingles(text):
        w = text.split()
        return {tuple(w[k : k + 5]) for k in range(len(w) - 4)}

    found = clean.near_duplicates(pd.Series(texts)).tolist()
    originals = []  # (position, shingles) of the texts found to be originals, in order
    for k, text in enumerate(texts):
        mine = shingles(text)
        # a copy may be close to two originals (two copies of one story, far from each other):
        # either is a right answer
        similar = {j for j, s in originals if len(mine & s) / len(mine | s) >= 0.8}
        if similar:
            assert found[k] in similar, (k, found[k], similar)
        else:
            assert found[k] is None, (k, found[k])
            originals.append((k, mine))
    assert 30 <= sum(f is not None for f in found) <= 70  # both answers are common
    finder = clean.DuplicateFinder()
    assert finder.add_many(list(range(len(texts))), texts) == found
    if in_memory is None:
        assert finder.spill is None and len(finder.kept) == len(finder.labels)
    else:
        assert finder.spill is not None and (len(finder.kept) == 0) == (in_memory == 0)
        assert len(finder.kept) < len(finder.labels) == len(finder.kept) + len(finder.spilled) - 1


def test_the_finder_index_answers_as_a_dict_of_capped_lists():
    """The postings index (sorted arrays plus a buffer, merged now and then) gives each
    shingle's originals in the order they came, at most ``cap`` of them, as a dict of lists."""
    rng = np.random.default_rng(3)
    for buffer in (5, 40, 10**6):
        index, reference = None, {}
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(clean, "POSTINGS_BUFFER", buffer)
            index = clean._Postings(cap=4)
            for original in range(300):
                shingles = sorted(set(rng.integers(0, 60, size=int(rng.integers(1, 8))).tolist()))
                index.add(shingles, original)
                for g in shingles:
                    bucket = reference.setdefault(g, [])
                    if len(bucket) < 4:
                        bucket.append(original)
                asked = sorted(set(rng.integers(0, 70, size=6).tolist()))
                assert index.lookup(asked) == [v for g in asked for v in reference.get(g, [])], (buffer, original)
        assert (len(index.keys) > 0) == (buffer < 10**6)  # merged, or everything still in the buffer


# A plain-text copy of an article, hard-wrapped at about 75 characters (a mirror site, an
# email, a text export): one paragraph runs over several lines, breaks fall anywhere.
WRAPPED_PAGE = """Temps de lecture : 3 minutes
Le Courrier du Nord-Est

La délégation nord-coréenne est arrivée lundi soir à Vladivostok, où elle
doit rencontrer les responsables de la flotte russe du Pacifique pendant
trois jours, selon l'agence officielle.

Les discussions porteront sur les livraisons de munitions et sur un
éventuel transfert de technologies navales, un sujet qui inquiète Séoul
et
Tokyo depuis plusieurs mois.
Une coopération qui se renforce
Le ministère sud-coréen de la Défense a demandé des explications à Moscou.
"""


def test_a_hard_wrapped_paragraph_is_one_paragraph():
    rows = clean.classify_lines(WRAPPED_PAGE)
    by_line = {r.line_no: r for r in rows}
    assert [by_line[k].role for k in (4, 5, 6)] == ["lead", "lead", "lead"]
    assert [by_line[k].rule for k in (5, 6)] == ["continues_paragraph", "continues_paragraph"]
    # a one-word line inside the wrapped run goes with its paragraph
    assert [by_line[k].role for k in (8, 9, 10, 11)] == ["body"] * 4
    assert by_line[12].role == "subheading" and by_line[13].role == "body"
    parts = clean.assemble(rows)
    assert parts["lead"].startswith("La délégation nord-coréenne") and parts["lead"].endswith("l'agence officielle.")
    assert parts["text"].split("\n\n")[1] == (
        "Les discussions porteront sur les livraisons de munitions et sur un éventuel transfert de technologies "
        "navales, un sujet qui inquiète Séoul et Tokyo depuis plusieurs mois."
    )


def test_lines_of_a_header_are_not_taken_for_a_wrapped_paragraph():
    page = (
        "Russie et Corée du Nord : un sommet sous haute surveillance à Vladivostok\n"
        "Les dirigeants des deux pays se sont retrouvés mardi pour trois jours de discussions sur la défense.\n"
    )
    rows = clean.classify_lines(page)
    assert [(r.role, r.rule) for r in rows] == [
        ("title", "headline_above_first_paragraph"),
        ("lead", "first_paragraph"),
    ]


def test_a_comment_count_in_the_share_bar_does_not_open_the_comment_section():
    page = (
        "Pyongyang envoie une délégation militaire à Moscou\n"
        "La visite doit durer une semaine et porter sur la coopération entre les deux armées.\n"
        "12 commentaires\nPartager sur Facebook\nPartager sur X\n"
        "Les responsables russes ont confirmé l'arrivée de la délégation dans la soirée de dimanche.\n"
        "Laisser un commentaire\n"
        "Encore une alliance qui ne présage rien de bon pour la région, à mon avis.\n"
    )
    roles = [(r.role, r.rule) for r in clean.classify_lines(page)]
    assert roles[2] == ("social", "comment_count")
    assert roles[5] == ("body", "paragraph")
    assert roles[6] == ("comment", "comment_header") and roles[7] == ("comment", "in_comment_section")


def test_a_tag_page_of_teasers_is_all_related():
    teasers = [
        ("Séoul convoque l'ambassadeur russe", "Le ministère sud-coréen a protesté mardi contre les livraisons."),
        ("Un cargo nord-coréen arraisonné", "La marine japonaise a intercepté le navire au large lundi soir."),
        ("Moscou dément tout transfert", "Le Kremlin a rejeté les accusations occidentales lors d'un point presse."),
        ("Pyongyang teste un nouveau missile", "L'engin a parcouru environ 600 kilomètres avant de tomber en mer."),
    ]
    page = "Corée du Nord : toute l'actualité\n\n" + "\n\n".join(f"{h}\n{b}" for h, b in teasers) + "\n"
    rows = clean.classify_lines(page)
    listed = [r for r in rows if r.text.strip() and r.text.strip() != "Corée du Nord : toute l'actualité"]
    assert {r.role for r in listed} == {"related"} and {r.rule for r in listed} == {"listing_page"}
    assert clean.assemble(rows)["text"] == ""


def test_a_ticker_of_cut_short_blurbs_beside_an_article_leaves_the_article():
    ticker = "\n-\n".join(
        [
            "Le gouvernement malien a annoncé mardi un nouveau…",
            "Les ministres des Finances du continent se réunissent…",
            "Le port de Dakar a enregistré une hausse record de…",
        ]
    )
    article = (
        "Kim Jong-un a visité jeudi une usine d'avions de combat dans l'Extrême-Orient russe, selon les agences.\n"
        "Le dirigeant nord-coréen était accompagné du vice-Premier ministre russe chargé de l'Industrie.\n"
    )
    rows = clean.classify_lines("Dernières nouvelles\n" + ticker + "\n" + article)
    roles = {r.text: r.role for r in rows}
    assert roles["Le port de Dakar a enregistré une hausse record de…"] == "related"
    assert roles[article.split("\n")[0]] == "lead" and roles[article.split("\n")[1]] == "body"


def test_the_separator_check_answers_as_the_separator_pattern():
    """``_has_separator`` is the fast form of ``_LEGAL_SEPARATOR.search``: the same answer on
    every line of the sample and on menus, dates, addresses and dashes of every kind."""
    lines = [line for page in paths.SAMPLE_CORPUS.glob("*.txt") for line in page.read_text("utf-8").split("\n")]
    lines += [
        "CGV | Mentions légales | Contact",
        "Accueil › Monde › Asie",
        "Publié le 19/06/2024 à 10h31",
        "https://exemple.fr/monde/2024/06/19/kim",
        "FAQ - Qui sommes-nous - Mentions légales",
        "Kim–Poutine : le sommet",
        "Kim – Poutine",
        "Kim —\u00a0Poutine",
        "Kim\t-\tPoutine",
        "Pyongyang • Moscou",
        "",
        "Kim-Poutine",
    ]
    assert len(lines) > 100
    for line in lines:
        assert clean._has_separator(line) == (clean._LEGAL_SEPARATOR.search(line) is not None), line
    assert not clean._has_separator("Kim-Poutine") and clean._has_separator("Kim\t-\tPoutine")


LIST_PAGE = (
    "Ce que prévoit l'accord entre Moscou et Pyongyang\n"
    "Par Marie Dupont\n"
    "La Russie et la Corée du Nord ont signé mercredi un accord de défense lors d'une visite à Pyongyang.\n"
    "Le texte engage les deux pays dans plusieurs domaines, selon les agences officielles :\n"
    "- Une assistance militaire si l'un des deux est attaqué\n"
    "- Des échanges commerciaux hors du dollar\n"
    "\n"
    "- Une coopération dans l'espace et l'énergie\n"
    "Séoul et Tokyo ont aussitôt condamné un accord qui menace, selon eux, la sécurité de la région.\n"
    "Les réactions des capitales voisines se sont succédé dans la soirée :\n"
    "1) Séoul convoque l'ambassadeur russe\n"
    "2) Tokyo dénonce une menace pour la région\n"
    "Lire aussi :\n"
    "- Kim Jong Un promet un soutien total à la Russie\n"
    "- Séoul renforce sa défense aérienne\n"
    "Retrouvez-nous sur les réseaux :\n"
    "• Facebook\n"
    "• X\n"
)


def test_an_article_s_bulleted_list_under_a_colon_is_text_between_and_below_paragraphs():
    """A sentence ending in ":" below the first paragraph, then bulleted items (a blank line
    between items allowed): the article's list, wherever it falls. A related list under its marker
    and a follow widget under a short label are not."""
    rows = clean.classify_lines(LIST_PAGE)
    by_line = {r.line_no: (r.role, r.rule) for r in rows}
    listed = [n for n, (_, rule) in by_line.items() if rule == "list_item"]
    assert listed == [4, 5, 6, 8, 10, 11, 12]
    assert {by_line[n][0] for n in listed} == {"body"}
    assert by_line[9] == ("body", "paragraph")
    assert [by_line[n][0] for n in (13, 14, 15)] == ["related"] * 3
    assert by_line[16][0] != "body" and {by_line[n][0] for n in (17, 18)} == {"social"}


@pytest.mark.parametrize(
    "intro, items",
    [
        ("Nos rubriques :", ["- Monde et international", "- Politique et société"]),  # a label, not a sentence
        ("Le texte engage les deux pays dans plusieurs domaines :", ["- Défense", "- Commerce"]),  # items too short
        # one item
        ("Le texte engage les deux pays dans plusieurs domaines :", ["- Une assistance militaire réciproque"]),
        ("Le texte engage les deux pays dans plusieurs domaines", ["- Une assistance militaire", "- Des échanges"]),
    ],
)
def test_no_list_without_a_sentence_a_colon_and_two_items_of_some_words(intro, items):
    page = (
        "La Russie et la Corée du Nord ont signé mercredi un accord de défense lors d'une visite à Pyongyang.\n"
        + intro
        + "\n"
        + "\n".join(items)
        + "\n"
    )
    assert "list_item" not in {r.rule for r in clean.classify_lines(page)}


def test_a_list_above_the_first_paragraph_is_left_to_the_header_rules():
    page = (
        "Vous trouverez dans cette rubrique les articles suivants :\n"
        "- Une assistance militaire si l'un des deux est attaqué\n"
        "- Des échanges commerciaux hors du dollar\n"
        "La Russie et la Corée du Nord ont signé mercredi un accord de défense lors d'une visite à Pyongyang.\n"
    )
    assert "list_item" not in {r.rule for r in clean.classify_lines(page)}


_BODY = (
    "Le président russe a reçu jeudi le dirigeant nord-coréen pour un sommet de deux jours à Moscou.\n"
    "Les deux dirigeants ont signé un accord de coopération militaire, selon les agences officielles.\n"
)


@pytest.mark.parametrize(
    "between",
    [
        # share buttons and a reader-mode link between the dateline and the article
        "Facebook\nTwitter\nLire cet article en mode zen\n",
        # a share button, then an image's alt text, shaped as a headline, and its credited caption
        "Partager sur Facebook\nLes deux dirigeants au Kremlin jeudi\n"
        "Les deux dirigeants au Kremlin, jeudi. (Photo Jeanne Martin. AFP)\n",
    ],
)
def test_the_headline_sits_on_its_dateline_when_furniture_follows(between):
    page = (
        "Accueil\nMonde\nSommet à Moscou : Kim Jong-un reçu par Vladimir Poutine\n"
        "AFP 14 mars 2024 à 07:19 (Mis à jour : 14 mars 2024 à 07:38)\n" + between + _BODY
    )
    rows = [(r.role, r.rule, r.text) for r in clean.classify_lines(page)]
    titles = [text for role, _, text in rows if role == "title"]
    assert titles == ["Sommet à Moscou : Kim Jong-un reçu par Vladimir Poutine"]
    assert [role for role, _, _ in rows[-2:]] == ["lead", "body"]


def test_a_date_above_the_headline_leaves_the_nearest_line_the_headline():
    page = (
        "Rubrique Asie et Pacifique\n14 mars 2024 à 07:19\n"
        "Sommet à Moscou : Kim Jong-un reçu par Vladimir Poutine\n" + _BODY
    )
    rows = [(r.role, r.text) for r in clean.classify_lines(page)]
    titles = [text for role, text in rows if role == "title"]
    assert titles == ["Sommet à Moscou : Kim Jong-un reçu par Vladimir Poutine"]
    assert rows[0][0] == "navigation" and rows[1][0] == "timestamp"


@pytest.mark.parametrize(
    "line, marker",
    [
        # an agency, a photographer and a pool chained by slashes and dashes after the caption's sentence
        (
            "Les deux dirigeants se sont serrés la main jeudi au Kremlin. MAXPPP - JEANNE MARTIN/TASS/KREMLIN POOL",
            ("caption", "photo_credit"),
        ),
        ("Les deux dirigeants au Kremlin, jeudi. PAUL DURAND / POOL / AFP", ("caption", "photo_credit")),
        # capitals that are no credit, and a wire named in a sentence, stay text
        ("Le texte a été signé jeudi au Kremlin. LA SUITE DEMAIN - NOTRE DOSSIER", None),
        ("Le texte a été signé jeudi au Kremlin, selon l'agence TASS.", None),
    ],
)
def test_a_caption_ending_in_a_chain_of_credits_in_capitals(line, marker):
    assert clean.line_shape(line).marker == marker


def test_a_bulleted_line_is_never_the_headline():
    """An item of a list or a digest opens with a bullet; no headline of the labelled pages does:
    the headline is the line above it (E011: a picture's legend, bulleted, under the headline)."""
    headline = "Sommet à Moscou : Kim Jong-un reçu par Vladimir Poutine"
    page = headline + "\n  • Les deux dirigeants au Kremlin. JM\n" + _BODY
    rows = [(r.role, r.text) for r in clean.classify_lines(page)]
    assert [text for role, text in rows if role == "title"] == [headline]
    assert rows[1][0] == "navigation"


_THIRD_PERSON = (
    "Le président russe a reçu jeudi le dirigeant nord-coréen pour un sommet de deux jours à Moscou.\n"
    "Les deux dirigeants ont signé un accord de coopération militaire, selon les agences officielles.\n"
)


def test_a_short_first_person_blurb_closing_the_page_is_the_authors_bio():
    bio = "Passionnée de géopolitique, je couvre l'Asie du Nord-Est depuis dix ans pour la rédaction."
    rows = clean.classify_lines("Sommet à Moscou : Kim reçu au Kremlin\n" + _THIRD_PERSON + bio + "\n")
    assert (rows[-1].role, rows[-1].rule) == ("author_bio", "first_person_or_contact_at_end")


def test_a_long_first_person_paragraph_closing_the_page_is_the_articles_own():
    """A reporter's account or a column's last paragraph: longer than an author's blurb (E034)."""
    account = (
        "J'ai passé la matinée devant l'ambassade, où une petite foule attendait l'arrivée du cortège sous "
        "une pluie fine. Personne ne savait à quelle heure il passerait, ni même s'il passerait par là. "
        "Un policier m'a confié que les consignes changeaient d'heure en heure, et qu'il n'avait jamais vu "
        "autant de voitures noires dans ce quartier depuis la visite du président chinois, il y a cinq ans."
    )
    rows = clean.classify_lines("Sommet à Moscou : Kim reçu au Kremlin\n" + _THIRD_PERSON + account + "\n")
    assert rows[-1].role == "body"
