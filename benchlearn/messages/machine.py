"""What benchlearn says when the machine, not the input, stops a command: a full disk, a
read-only place, a name too long for the file system, a database that is read-only, busy
or lost. Each says what happened and what was (not) written, so a user knows that nothing
is half-done and the same command can simply be run again."""

MESSAGES: dict[str, dict[str, str]] = {
    "out_disk_full": {
        "en": "{path}: the disk is full; nothing was written. Free some space and run the command again",
        "lv": "{path}: disks ir pilns; nekas netika ierakstīts. Atbrīvojiet vietu un izpildiet komandu vēlreiz",
    },
    "out_read_only": {
        "en": "{path}: the folder is on a read-only file system; nothing was written. Choose another folder",
        "lv": "{path}: mape atrodas tikai lasāmā failu sistēmā; nekas netika ierakstīts. Izvēlieties citu mapi",
    },
    "out_not_allowed": {
        "en": "{path}: you may not write in this folder; nothing was written. Choose another folder or ask for write permission",
        "lv": "{path}: jums nav atļaujas rakstīt šajā mapē; nekas netika ierakstīts. Izvēlieties citu mapi vai lūdziet rakstīšanas atļauju",
    },
    "out_name_too_long": {
        "en": "{path}: the name is too long for the file system; nothing was written. Choose a shorter name or folder",
        "lv": "{path}: nosaukums ir pārāk garš šai failu sistēmai; nekas netika ierakstīts. Izvēlieties īsāku nosaukumu vai mapi",
    },
    "db_read_only": {
        "en": "the database {database} is read-only; nothing was written. Ask for write permission or copy the database to a place you may write",
        "lv": "datubāze {database} ir tikai lasāma; nekas netika ierakstīts. Lūdziet rakstīšanas atļauju vai nokopējiet datubāzi uz vietu, kur drīkstat rakstīt",
    },
    "db_connection_lost": {
        "en": "the connection to the database server {database} was lost; nothing of this command's changes was written. Run it again when the server is back",
        "lv": "savienojums ar datubāzes serveri {database} tika zaudēts; neviena no šīs komandas izmaiņām netika ierakstīta. Izpildiet to vēlreiz, kad serveris atkal darbojas",
    },
    "imp_connection_lost": {
        "en": "{file}: the connection to the database server was lost; nothing of this import was written. Import the file again when the server is back",
        "lv": "{file}: savienojums ar datubāzes serveri tika zaudēts; nekas no šī importa netika ierakstīts. Importējiet failu vēlreiz, kad serveris atkal darbojas",
    },
    "db_busy_sqlite": {
        "en": "the database {database} is busy: another benchlearn process is writing to it and did not finish within {seconds} seconds. Run the command again when it has finished",
        "lv": "datubāze {database} ir aizņemta: tajā raksta cits benchlearn process, kas nepabeidza {seconds} sekunžu laikā. Izpildiet komandu vēlreiz, kad tas būs beidzis",
    },
    "db_busy_postgresql": {
        "en": "the database {database} is busy: another session holds a lock this command needs and did not release it within {seconds} seconds. Run the command again later",
        "lv": "datubāze {database} ir aizņemta: cita sesija tur slēdzeni, kas vajadzīga šai komandai, un neatbrīvoja to {seconds} sekunžu laikā. Izpildiet komandu vēlreiz vēlāk",
    },
}
