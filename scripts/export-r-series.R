# Exports the public series the forecasting eval scores on, from R's own packages, into
# bench/data/r-series.csv (long format). Run once by hand where R is installed:
#   apt-get install -y r-base-core r-cran-forecast && Rscript scripts/export-r-series.R
# Sources: R's datasets package (R Core Team) and the forecast package's data (Hyndman et al.).
suppressMessages(library(forecast))
series <- list(
  AirPassengers = list(datasets::AirPassengers, "datasets", "monthly"),
  nottem = list(datasets::nottem, "datasets", "monthly"),
  USAccDeaths = list(datasets::USAccDeaths, "datasets", "monthly"),
  ldeaths = list(datasets::ldeaths, "datasets", "monthly"),
  mdeaths = list(datasets::mdeaths, "datasets", "monthly"),
  fdeaths = list(datasets::fdeaths, "datasets", "monthly"),
  co2 = list(datasets::co2, "datasets", "monthly"),
  UKDriverDeaths = list(datasets::UKDriverDeaths, "datasets", "monthly"),
  Seatbelts_front = list(datasets::Seatbelts[, "front"], "datasets", "monthly"),
  wineind = list(forecast::wineind, "forecast", "monthly"),
  gas = list(forecast::gas, "forecast", "monthly"),
  UKgas = list(datasets::UKgas, "datasets", "quarterly"),
  JohnsonJohnson = list(datasets::JohnsonJohnson, "datasets", "quarterly"),
  austres = list(datasets::austres, "datasets", "quarterly"),
  woolyrnq = list(forecast::woolyrnq, "forecast", "quarterly"),
  # forecast::taylor is half-hourly electricity demand (England and Wales, June-August 2000);
  # the sum of each day's 48 half-hours is a daily series with weekly seasonality.
  taylor_daily = list(ts(colSums(matrix(as.numeric(forecast::taylor), nrow = 48)), frequency = 7), "forecast", "daily")
)
rows <- list()
for (name in names(series)) {
  s <- series[[name]]
  x <- as.numeric(s[[1]])
  t <- as.numeric(time(s[[1]]))
  rows[[name]] <- data.frame(series = name, package = s[[2]], kind = s[[3]], period = frequency(s[[1]]),
                             index = seq_along(x) - 1, time = round(t, 4), value = x)
}
out <- do.call(rbind, rows)
dir.create("bench/data", showWarnings = FALSE)
write.csv(out, "bench/data/r-series.csv", row.names = FALSE, quote = FALSE)
cat("wrote", nrow(out), "rows of", length(series), "series\n")
