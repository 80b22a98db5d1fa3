"""Messages of empirical-Bayes shrinkage (:mod:`benchlearn.analysis.ebci`).

Keys start with ``ebci_``. Rows are counted from 1 in the order the values
were given.
"""

MESSAGES: dict[str, dict[str, str]] = {
    "ebci_lengths": {
        "en": "shrinkage needs one standard error and one row of regressors per value: "
        "{count} values but {other} rows",
        "lv": "saraušanai vajag vienu standartkļūdu un vienu regresoru rindu katrai vērtībai: "
        "{count} vērtības, bet {other} rindas",
    },
    "ebci_value_not_finite": {
        "en": "row {row}: the value is missing or not a finite number",
        "lv": "{row}. rinda: vērtības nav vai tā nav galīgs skaitlis",
    },
    "ebci_regressor_not_finite": {
        "en": "row {row}, column {name}: the regressor is missing or not a finite number",
        "lv": "{row}. rinda, kolonna {name}: regresora vērtības nav vai tā nav galīgs skaitlis",
    },
    "ebci_bad_se": {
        "en": "row {row}: the standard error {se} is not a number of 0 or more",
        "lv": "{row}. rinda: standartkļūda {se} nav skaitlis, kas ir 0 vai lielāks",
    },
    "ebci_too_few": {
        "en": "shrinkage needs at least {needed} values with a standard error above 0, not {count}",
        "lv": "saraušanai vajag vismaz {needed} vērtības ar standartkļūdu virs 0, nevis {count}",
    },
    "ebci_collinear": {
        "en": "cannot shrink toward {names}: the regressors are constant or collinear",
        "lv": "nevar tuvināt vērtības regresijai uz {names}: regresori ir nemainīgi vai kolineāri",
    },
}
