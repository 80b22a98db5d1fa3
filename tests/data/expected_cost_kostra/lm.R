# Reference for tests/test_expected_cost.py: R's lm() on the KOSTRA sample, computed from
# the source file itself (not from benchlearn's derived indicators).
# Run: Rscript lm.R /work/shared/data/no-kostra/kostra_ratedata_kommuner.csv
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], colClasses = c(kommunenr = "character"))
code <- ifelse(d$kommunenr == "" | is.na(d$kommunenr), substr(d$region_label, 1, 4), d$kommunenr)
cost <- d$brutto_drift_eiendomsforvaltning_1000kr * 1000 / d$folkemengde
total <- d$korr_brutto_drift_i_alt_1000kr * 1000 / d$folkemengde
frame <- data.frame(municipality = code, cost = cost, log_pop = log(d$folkemengde),
                    log_total = log(total), population = d$folkemengde)
frame <- frame[complete.cases(frame) & is.finite(frame$log_total), ]
fit <- lm(cost ~ log_pop + log_total, data = frame)
s <- summary(fit)
co <- s$coefficients
out <- data.frame(term = c("intercept", "log(POP)", "log(OPEX_TOTAL_PER_INH)"),
                  estimate = co[, 1], std_error = co[, 2], t_value = co[, 3], p_value = co[, 4])
write.csv(format(out, digits = 15), "lm_coefficients.csv", row.names = FALSE, quote = FALSE)
units <- data.frame(municipality = frame$municipality, expected_cost = fitted(fit),
                    difference = residuals(fit))
units <- format(units, digits = 15)
write.csv(units, "lm_units.csv", row.names = FALSE, quote = FALSE)
above <- residuals(fit) > 0
cat(sprintf("n %d\nr_squared %.15g\nadj_r_squared %.15g\nsigma %.15g\nabove_count %d\nabove_total %.15g\n",
            nrow(frame), s$r.squared, s$adj.r.squared, s$sigma, sum(above),
            sum(residuals(fit)[above] * frame$population[above])),
    file = "lm_summary.txt")
