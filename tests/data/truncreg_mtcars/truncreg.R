# Reference for tests/test_second_stage.py: a normal regression left-truncated at a bound,
# fitted by maximum likelihood with base R's optim (numeric gradients), independently of
# benchlearn's analytic-gradient BFGS. Data: R's datasets::mtcars (Henderson & Velleman 1981),
# the cars with mpg > 15, mpg ~ wt + hp, truncated at 15 (what R's truncreg package fits
# with truncreg(mpg ~ wt + hp, data = subset(mtcars, mpg > 15), point = 15)).
# Run: Rscript truncreg.R
d <- subset(mtcars, mpg > 15)
X <- cbind(1, d$wt, d$hp)
y <- d$mpg
bound <- 15
nll <- function(p) {
  beta <- p[1:3]; sigma <- exp(p[4])
  mu <- X %*% beta
  -sum(dnorm(y, mu, sigma, log = TRUE) - pnorm((mu - bound) / sigma, log.p = TRUE))
}
ols <- lm(y ~ X - 1)
start <- c(coef(ols), log(summary(ols)$sigma))
fit <- optim(start, nll, method = "BFGS", control = list(reltol = 1e-16, maxit = 10000))
fit <- optim(fit$par, nll, method = "Nelder-Mead", control = list(reltol = 1e-16, maxit = 20000))
fit <- optim(fit$par, nll, method = "BFGS", control = list(reltol = 1e-16, maxit = 10000))
out <- data.frame(term = c("intercept", "wt", "hp", "sigma", "log_likelihood", "n"),
                  value = c(fit$par[1:3], exp(fit$par[4]), -fit$value, nrow(d)))
write.csv(format(out, digits = 15), "truncreg_mtcars.csv", row.names = FALSE, quote = FALSE)
write.csv(data.frame(mpg = y, wt = d$wt, hp = d$hp), "mtcars_above_15.csv", row.names = FALSE)
