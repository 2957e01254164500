"""Small pages written for the robustness tests: an article in each language the detector knows."""

from __future__ import annotations

FRENCH = ("Le groupe Telvia a confirmé jeudi une fuite de données touchant 1 700 clients. Selon la société, "
          "les noms, les adresses électroniques et les numéros de téléphone ont été copiés par un tiers qui "
          "avait obtenu l'accès au serveur d'un prestataire. La CNIL a été notifiée dans les 72 heures et "
          "les clients concernés ont reçu un courriel les invitant à changer leur mot de passe.")

NEUTRAL = ("La mairie a présenté mardi le programme des fêtes de l'été, avec des concerts sur la place du marché, "
           "un cinéma en plein air et une course à pied qui partira du stade le dimanche matin.")

FOREIGN = {
    "en": ("The retailer said on Thursday that the personal data of about 1,700 customers had been exposed "
           "after an attacker gained access to a server run by one of its suppliers. Names, email addresses "
           "and phone numbers were copied, according to the company, which has informed the regulator and "
           "asked the customers who were affected to change their passwords as soon as possible."),
    "es": ("La empresa confirmó el jueves que los datos personales de unos 1.700 clientes quedaron expuestos "
           "después de que un atacante accediera a un servidor de uno de sus proveedores. Según la compañía, "
           "se copiaron los nombres, las direcciones de correo y los números de teléfono, y ya ha informado a "
           "la autoridad de protección de datos y a todos los clientes afectados por el incidente."),
    "de": ("Das Unternehmen hat am Donnerstag bestätigt, dass die persönlichen Daten von rund 1.700 Kunden "
           "offengelegt wurden, nachdem ein Angreifer auf einen Server eines Dienstleisters zugegriffen hatte. "
           "Laut der Firma wurden Namen, E-Mail-Adressen und Telefonnummern kopiert; die Aufsichtsbehörde ist "
           "informiert und die betroffenen Kunden sollen ihr Passwort so schnell wie möglich ändern."),
    "it": ("La società ha confermato giovedì che i dati personali di circa 1.700 clienti sono stati esposti "
           "dopo che un aggressore ha avuto accesso a un server di uno dei suoi fornitori. Secondo l'azienda, "
           "sono stati copiati i nomi, gli indirizzi di posta e i numeri di telefono; il garante è stato "
           "informato e i clienti coinvolti hanno ricevuto un messaggio per cambiare la password."),
    "pt": ("A empresa confirmou na quinta-feira que os dados pessoais de cerca de 1.700 clientes foram expostos "
           "depois que um atacante teve acesso a um servidor de um dos seus fornecedores. Segundo a empresa, "
           "foram copiados os nomes, os endereços de correio e os números de telefone, e a autoridade de "
           "proteção de dados já foi informada, assim como todos os clientes que foram afetados."),
    "nl": ("Het bedrijf heeft donderdag bevestigd dat de persoonsgegevens van ongeveer 1.700 klanten zijn "
           "gelekt nadat een aanvaller toegang had gekregen tot een server van een van zijn leveranciers. "
           "Volgens het bedrijf zijn namen, e-mailadressen en telefoonnummers gekopieerd; de toezichthouder is "
           "op de hoogte gebracht en de getroffen klanten moeten zo snel mogelijk hun wachtwoord wijzigen."),
}


def html_page(body: str, title: str = "Fuite de données", head: str = "", lang: str = "fr") -> str:
    """A full HTML page around ``body`` (paragraphs in an article, some page furniture)."""
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>{head}</head>'
            f"<body><nav><a href='/'>Accueil</a> <a href='/tech'>Tech</a></nav><article><h1>{title}</h1>"
            f"{body}</article><footer>Mentions légales</footer></body></html>")


def paragraphs(text: str, times: int = 2) -> str:
    return "".join(f"<p>{text}</p>" for _ in range(times))
