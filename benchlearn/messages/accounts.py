"""What the accounts of the network's server say: users, passwords, tokens, the audit log,
and the secret kept outside the database."""

MESSAGES: dict[str, dict[str, str]] = {
    # --- the secret outside the database ---------------------------------------------
    "secret_no_identity": {
        "en": "the database has no id to find its secret by; run `benchlearn db upgrade`",
        "lv": "datubāzei nav identifikatora, pēc kura atrast tās slepeno atslēgu; izpildiet "
        "`benchlearn db upgrade`",
    },
    "secret_too_short": {
        "en": "the secret in {source} is too short: it has {length} characters and needs at "
        "least {least} (docs/accounts.md shows how to make one)",
        "lv": "slepenā atslēga no {source} ir pārāk īsa: tajā ir {length} rakstzīmes, bet "
        "jābūt vismaz {least} (kā to izveidot, skatiet docs/accounts.md)",
    },
    "secret_unreadable": {
        "en": "{path}: cannot read the secret: {error}; check BENCHLEARN_SECRET_FILE and the "
        "file's permissions",
        "lv": "{path}: nevar nolasīt slepeno atslēgu: {error}; pārbaudiet BENCHLEARN_SECRET_FILE "
        "un faila atļaujas",
    },
    "secret_cannot_write": {
        "en": "{path}: cannot write the database's secret: {error}; nothing was written. Set "
        "BENCHLEARN_CONFIG_DIR to a folder you may write, or give the secret in "
        "BENCHLEARN_SECRET",
        "lv": "{path}: nevar ierakstīt datubāzes slepeno atslēgu: {error}; nekas netika "
        "ierakstīts. Norādiet BENCHLEARN_CONFIG_DIR mapi, kurā drīkstat rakstīt, vai "
        "norādiet slepeno atslēgu BENCHLEARN_SECRET",
    },
    "secret_from_variable": {
        "en": "The secret that signs this database's forms and sessions comes from the "
        "environment variable BENCHLEARN_SECRET.",
        "lv": "Slepenā atslēga, ar kuru tiek parakstītas šīs datubāzes veidlapas un sesijas, "
        "ir ņemta no vides mainīgā BENCHLEARN_SECRET.",
    },
    "secret_from_file": {
        "en": "The secret that signs this database's forms and sessions is in {path}; keep a "
        "copy of that file apart from the database's backups (without it, the forms sent out "
        "no longer import).",
        "lv": "Slepenā atslēga, ar kuru tiek parakstītas šīs datubāzes veidlapas un sesijas, "
        "ir failā {path}; glabājiet šī faila kopiju atsevišķi no datubāzes rezerves kopijām "
        "(bez tās izsūtītās veidlapas vairs nevar importēt).",
    },
    # --- users --------------------------------------------------------------------------
    "acc_bad_email": {
        "en": "{email!r} is not an email address",
        "lv": "„{email}” nav e-pasta adrese",
    },
    "acc_bad_role": {
        "en": "{role!r} is not a role; use one of {roles}",
        "lv": "„{role}” nav loma; izmantojiet kādu no šīm: {roles}",
    },
    "acc_needs_municipality": {
        "en": "{email}: a municipality user needs --municipality CODE, the municipality it "
        "answers for",
        "lv": "{email}: pašvaldības lietotājam jānorāda --municipality KODS, pašvaldība, kuras "
        "vārdā tas darbojas",
    },
    "acc_no_municipality": {
        "en": "{email}: only a municipality user has a municipality, not a user with the "
        "role {role}; leave out --municipality",
        "lv": "{email}: pašvaldība ir tikai pašvaldības lietotājam, nevis lietotājam ar lomu "
        "{role}; izlaidiet --municipality",
    },
    "acc_user_exists": {
        "en": "{email} already has an account; see `benchlearn users list`",
        "lv": "{email} jau ir konts; skatiet `benchlearn users list`",
    },
    "acc_unknown_user": {
        "en": "{email} has no account; see `benchlearn users list`",
        "lv": "{email} nav konta; skatiet `benchlearn users list`",
    },
    "acc_already_disabled": {
        "en": "{email} is already disabled",
        "lv": "{email} jau ir atspējots",
    },
    "acc_user_disabled": {
        "en": "{email} is disabled; a disabled user gets no password and no token",
        "lv": "{email} ir atspējots; atspējotam lietotājam netiek dota ne parole, ne marķieris",
    },
    "acc_unknown_municipality": {
        "en": "municipality {code!r} is not in the registry; see `benchlearn municipalities`",
        "lv": "pašvaldības „{code}” nav reģistrā; skatiet `benchlearn municipalities`",
    },
    "acc_unknown_network": {
        "en": "network {code!r} does not exist; see `benchlearn networks`",
        "lv": "tīkls „{code}” neeksistē; skatiet `benchlearn networks`",
    },
    "acc_password_short": {
        "en": "the password is too short: it needs at least {least} characters",
        "lv": "parole ir pārāk īsa: tajā jābūt vismaz {least} rakstzīmēm",
    },
    "acc_password_long": {
        "en": "the password is too long: it may have at most {most} characters",
        "lv": "parole ir pārāk gara: tajā drīkst būt ne vairāk kā {most} rakstzīmes",
    },
    "acc_password_empty": {
        "en": "--password-stdin: standard input holds no password (give it on the first line)",
        "lv": "--password-stdin: standarta ievadē nav paroles (norādiet to pirmajā rindā)",
    },
    "acc_link_invalid": {
        "en": "this link to set a password does not work (any more); ask the network's "
        "facilitator for a new one",
        "lv": "šī saite paroles iestatīšanai nedarbojas (vairs); lūdziet tīkla koordinatoram "
        "jaunu saiti",
    },
    # --- what the users commands print ---------------------------------------------------
    "acc_added": {
        "en": "Added {email} ({role}).",
        "lv": "Pievienots lietotājs {email} ({role}).",
    },
    "acc_link_sent": {
        "en": "Send {email} this one-time link to set a password; it works once, until "
        "{expires} UTC:",
        "lv": "Nosūtiet lietotājam {email} šo vienreizējo saiti paroles iestatīšanai; tā "
        "darbojas vienu reizi, līdz {expires} UTC:",
    },
    "acc_password_set": {
        "en": "The password of {email} is set.",
        "lv": "Lietotāja {email} parole ir iestatīta.",
    },
    "acc_password_cleared": {
        "en": "The password of {email} is cleared and its sessions have ended.",
        "lv": "Lietotāja {email} parole ir dzēsta un tā sesijas ir beigtas.",
    },
    "acc_disabled": {
        "en": "Disabled {email}: its sessions have ended and its API tokens no longer work.",
        "lv": "Lietotājs {email} ir atspējots: tā sesijas ir beigtas un tā API marķieri vairs "
        "nedarbojas.",
    },
    "acc_token_made": {
        "en": "API token {name!r} for {email}, valid until {expires}; it is shown only now, "
        "so keep it where your script reads it:",
        "lv": "API marķieris „{name}” lietotājam {email}, derīgs līdz {expires}; tas tiek "
        "parādīts tikai tagad, tāpēc saglabājiet to vietā, no kuras to nolasa jūsu skripts:",
    },
    "acc_token_forever": {
        "en": "the user is disabled",
        "lv": "lietotāja atspējošanai",
    },
    "acc_no_users": {
        "en": "No users yet; add one with `benchlearn users add EMAIL --role facilitator`.",
        "lv": "Lietotāju vēl nav; pievienojiet ar `benchlearn users add E-PASTS --role "
        "facilitator`.",
    },
    "acc_no_entries": {
        "en": "The audit log has no entries for this choice.",
        "lv": "Audita žurnālā šai izvēlei nav ierakstu.",
    },
    # --- words in tables -----------------------------------------------------------------
    "acc_role_facilitator": {"en": "facilitator", "lv": "koordinators"},
    "acc_role_municipality": {"en": "municipality", "lv": "pašvaldība"},
    "acc_role_analyst": {"en": "analyst", "lv": "analītiķis"},
    "acc_status_active": {"en": "active", "lv": "aktīvs"},
    "acc_status_no_password": {"en": "no password yet", "lv": "parole vēl nav iestatīta"},
    "acc_status_disabled": {"en": "disabled", "lv": "atspējots"},
    "acc_col_email": {"en": "email", "lv": "e-pasts"},
    "acc_col_role": {"en": "role", "lv": "loma"},
    "acc_col_municipality": {"en": "municipality", "lv": "pašvaldība"},
    "acc_col_networks": {"en": "networks", "lv": "tīkli"},
    "acc_col_status": {"en": "status", "lv": "statuss"},
    "acc_col_created": {"en": "created (UTC)", "lv": "izveidots (UTC)"},
    "acc_col_at": {"en": "when (UTC)", "lv": "kad (UTC)"},
    "acc_col_actor": {"en": "who", "lv": "kas"},
    "acc_col_action": {"en": "what", "lv": "ko"},
    "acc_col_subject": {"en": "about whom or what", "lv": "uz ko attiecas"},
    "acc_col_detail": {"en": "detail", "lv": "sīkāk"},
    "acc_col_address": {"en": "from address", "lv": "no adreses"},
    "acc_action_login": {"en": "signed in", "lv": "pieteicās sistēmā"},
    "acc_action_login_failed": {"en": "failed to sign in", "lv": "neizdevās pieteikties"},
    "acc_action_login_refused": {
        "en": "sign-in refused (too many failures)",
        "lv": "pieteikšanās atteikta (pārāk daudz neveiksmīgu mēģinājumu)",
    },
    "acc_action_logout": {"en": "signed out", "lv": "izgāja no sistēmas"},
    "acc_action_user_added": {"en": "added a user", "lv": "pievienoja lietotāju"},
    "acc_action_user_disabled": {"en": "disabled a user", "lv": "atspējoja lietotāju"},
    "acc_action_password_link": {
        "en": "made a link to set a password",
        "lv": "izveidoja saiti paroles iestatīšanai",
    },
    "acc_action_password_set": {"en": "set a password", "lv": "iestatīja paroli"},
    "acc_action_token_made": {"en": "made an API token", "lv": "izveidoja API marķieri"},
    "acc_action_form_key_rotated": {
        "en": "made a new form signing key",
        "lv": "izveidoja jaunu veidlapu paraksta atslēgu",
    },
    "acc_action_imported": {"en": "imported figures", "lv": "importēja datus"},
    "acc_action_published": {"en": "published", "lv": "publicēja"},
}
