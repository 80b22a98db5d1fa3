"""What the network's web server says (``benchlearn serve``): its own pages (the list of
networks, signing in, setting a password, errors) and the JSON API's errors. The site's
pages it serves speak through :mod:`.site`."""

MESSAGES: dict[str, dict[str, str]] = {
    # --- the server's own pages --------------------------------------------------------
    "srv_home_title": {
        "en": "Benchmarking networks",
        "lv": "Salīdzinošās novērtēšanas tīkli",
    },
    "srv_home_intro": {
        "en": "Each network's comparison, by year. Signed in, you also see the values your "
        "account may see.",
        "lv": "Katra tīkla salīdzinājums pa gadiem. Pēc pieteikšanās redzat arī vērtības, "
        "kuras drīkst redzēt jūsu konts.",
    },
    "srv_no_networks": {
        "en": "No network has values yet.",
        "lv": "Nevienam tīklam vēl nav vērtību.",
    },
    "srv_all_networks": {"en": "All networks", "lv": "Visi tīkli"},
    "srv_language": {"en": "Language", "lv": "Valoda"},
    "srv_signed_in_as": {
        "en": "Signed in: {email}",
        "lv": "Lietotājs: {email}",
    },
    "srv_sign_in": {"en": "Sign in", "lv": "Pieteikties"},
    "srv_sign_out": {"en": "Sign out", "lv": "Iziet"},
    "srv_email": {"en": "Email", "lv": "E-pasts"},
    "srv_password": {"en": "Password", "lv": "Parole"},
    "srv_login_title": {"en": "Sign in", "lv": "Pieteikšanās"},
    "srv_login_intro": {
        "en": "Members and facilitators of a network sign in to see the values kept for them.",
        "lv": "Tīklu dalībnieki un koordinatori piesakās, lai redzētu tikai viņiem paredzētās "
        "vērtības.",
    },
    "srv_login_failed": {
        "en": "The email or the password is wrong.",
        "lv": "E-pasts vai parole nav pareiza.",
    },
    "srv_login_throttled": {
        "en": "Too many failed sign-ins: try again after {time} UTC.",
        "lv": "Pārāk daudz neveiksmīgu pieteikšanās mēģinājumu: mēģiniet vēlreiz pēc {time} (UTC).",
    },
    "srv_signed_out": {
        "en": "You have signed out.",
        "lv": "Sesija ir beigta; lai turpinātu, piesakieties vēlreiz.",
    },
    "srv_csrf": {
        "en": "The form has expired or did not come from this site: open the page again and "
        "send it once more.",
        "lv": "Veidlapai ir beidzies derīguma termiņš, vai tā nav no šīs vietnes: atveriet "
        "lapu vēlreiz un nosūtiet to atkārtoti.",
    },
    "srv_password_title": {"en": "Set your password", "lv": "Paroles iestatīšana"},
    "srv_password_intro": {
        "en": "Choose a password of at least 12 characters. This link works once.",
        "lv": "Izvēlieties paroli, kurā ir vismaz 12 rakstzīmes. Šī saite darbojas vienu reizi.",
    },
    "srv_password_repeat": {"en": "The password again", "lv": "Parole vēlreiz"},
    "srv_password_save": {"en": "Set the password", "lv": "Iestatīt paroli"},
    "srv_password_differ": {
        "en": "The two passwords differ.",
        "lv": "Abas ievadītās paroles atšķiras.",
    },
    "srv_password_done": {
        "en": "Your password is set: sign in with it.",
        "lv": "Parole ir iestatīta: piesakieties ar to.",
    },
    # --- online entry -------------------------------------------------------------------
    "srv_entry_title": {
        "en": "{municipality}: figures for {network}, {year}",
        "lv": "{municipality}: {year}. gada dati ({network})",
    },
    "srv_entry_due": {"en": "Due by {date}.", "lv": "Iesniegšanas termiņš: {date}."},
    "srv_entry_open": {
        "en": "Open: the figures can be entered, saved and submitted.",
        "lv": "Atvērts: datus var ievadīt, saglabāt un iesniegt.",
    },
    "srv_entry_submitted": {
        "en": "Submitted on {time} UTC by {who}; a saved change withdraws the submission.",
        "lv": "Iesniegts {time} (UTC), iesniedza {who}; ja saglabājat izmaiņas, dati "
        "jāiesniedz vēlreiz.",
    },
    "srv_entry_closed": {
        "en": "Closed by the facilitator: nothing more can be saved or submitted.",
        "lv": "Koordinators ir slēdzis datu vākšanu: vairs neko nevar saglabāt vai iesniegt.",
    },
    "srv_entry_indicator": {"en": "Indicator", "lv": "Rādītājs"},
    "srv_entry_value": {"en": "Value", "lv": "Vērtība"},
    "srv_entry_previous": {"en": "Previous year", "lv": "Iepriekšējais gads"},
    "srv_entry_range": {"en": "Valid values", "lv": "Pieļaujamās vērtības"},
    "srv_entry_blank": {"en": "(not answered)", "lv": "(nav atbildes)"},
    "srv_entry_save": {"en": "Save", "lv": "Saglabāt"},
    "srv_entry_submit": {"en": "Submit the figures", "lv": "Iesniegt datus"},
    "srv_entry_saved": {"en": "The figures are saved.", "lv": "Dati ir saglabāti."},
    "srv_entry_sent": {
        "en": "The figures are submitted; the facilitator sees it in the forms' status.",
        "lv": "Dati ir iesniegti; koordinators to redz veidlapu statusā.",
    },
    "srv_entry_errors": {
        "en": "Correct the fields marked below; nothing was saved.",
        "lv": "Izlabojiet zemāk atzīmētos laukus; nekas netika saglabāts.",
    },
    # --- errors: pages and the API -----------------------------------------------------
    "srv_error_title": {"en": "Error {status}", "lv": "Kļūda {status}"},
    "srv_error_400": {
        "en": "The request is not one this address understands.",
        "lv": "Šī adrese nesaprot šo pieprasījumu.",
    },
    "srv_error_401": {
        "en": "Sign in to see this.",
        "lv": "Lai to redzētu, piesakieties.",
    },
    "srv_error_403": {
        "en": "Your account may not do this.",
        "lv": "Jūsu kontam tas nav atļauts.",
    },
    "srv_error_404": {
        "en": "There is no such page.",
        "lv": "Šādas lapas nav.",
    },
    "srv_error_405": {
        "en": "This address does not take that kind of request.",
        "lv": "Šī adrese nepieņem šāda veida pieprasījumu.",
    },
    "srv_error_500": {
        "en": "Something went wrong on the server; the error has been logged for the operator.",
        "lv": "Serverī radās kļūda; tā ir ierakstīta žurnālā servera uzturētājam.",
    },
    "srv_api_token": {
        "en": "the API token is unknown, revoked or expired; make one with `benchlearn users "
        "token`",
        "lv": "API pilnvara nav zināma, ir atsaukta vai tai beidzies termiņš; izveidojiet to "
        "ar `benchlearn users token`",
    },
    "srv_api_needs": {
        "en": "the parameter {name} is required",
        "lv": "nepieciešams parametrs {name}",
    },
    "srv_api_bad_year": {
        "en": "year must be a whole number, not {value!r}",
        "lv": "gadam jābūt veselam skaitlim, nevis „{value}”",
    },
}
