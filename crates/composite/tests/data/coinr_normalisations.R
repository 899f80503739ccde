# Generates coinr_normalisations.json: COINr's own normalisation functions (n_scaled, n_dist2max,
# n_dist2ref, n_dist2targ, n_fracmax, n_prank) on a shared column, each polarity.
#
# COINr 1.1.14 (MIT), R/normalise.R at commit b9682034635df03279896b6cb025cd3534f82cbb of
# github.com/bluefoxr/COINr. The functions are pure base R, so they are sourced from that file rather
# than installed (CRAN is not reachable from the build machine):
#   Rscript coinr_normalisations.R /path/to/COINr/R/normalise.R > coinr_normalisations.json
# Negative polarity is COINr's direction = -1: Normalise.numeric() applies f_n to x * direction;
# n_dist2targ takes its own `direction` argument and is called with it directly.
args <- commandArgs(trailingOnly = TRUE)
env <- new.env()
exprs <- parse(args[1])
for (e in exprs) {
  # keep the function definitions only (the file also holds roxygen-documented S3 methods)
  if (is.call(e) && identical(e[[1]], as.name("<-")) && is.call(e[[3]]) &&
      identical(e[[3]][[1]], as.name("function"))) eval(e, env)
}
x <- c(3, 9, 6, 1.5, 12, 7.25, 4)
f <- function(v) paste0("[", paste(sprintf("%.17g", v), collapse = ", "), "]")
with(env, {
  out <- c(
    sprintf('"scaled_0_200_100": {"positive": %s, "negative": %s}',
            f(n_scaled(x, c(0, 200), 100)), f(n_scaled(-x, c(0, 200), 100))),
    sprintf('"dist2max": {"positive": %s, "negative": %s}', f(n_dist2max(x)), f(n_dist2max(-x))),
    sprintf('"dist2ref_unit2": {"positive": %s, "negative": %s}',
            f(n_dist2ref(x, 2)), f(n_dist2ref(-x, 2))),
    sprintf('"dist2ref_unit2_cap": {"positive": %s, "negative": %s}',
            f(n_dist2ref(x, 2, cap_max = TRUE)), f(n_dist2ref(-x, 2, cap_max = TRUE))),
    sprintf('"dist2targ_10": {"positive": %s, "negative": %s}',
            f(n_dist2targ(x, 10, 1)), f(n_dist2targ(x, 10, -1))),
    sprintf('"dist2targ_10_cap": {"positive": %s, "negative": %s}',
            f(n_dist2targ(x, 10, 1, cap_max = TRUE)), f(n_dist2targ(x, 10, -1, cap_max = TRUE))),
    sprintf('"fracmax": {"positive": %s}', f(n_fracmax(x))),
    sprintf('"prank_min": {"positive": %s, "negative": %s}',
            f(n_prank(x, "min")), f(n_prank(-x, "min")))
  )
  cat('{\n"provenance": "COINr 1.1.14 (R/normalise.R, commit b9682034), R ', R.version$major, '.',
      R.version$minor, '",\n"x": ', f(x), ',\n', paste(out, collapse = ",\n"), '\n}\n', sep = "")
})
