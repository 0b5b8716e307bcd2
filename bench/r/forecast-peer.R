# The peer of the forecasting eval: R's forecast package (Hyndman et al.) on the same training
# series, same horizons. Reads a CSV (series, period, h, value) and writes one per method and step:
# series, method, step, mean, lo80, hi80, lo95, hi95. Run by bench/src/forecast-eval/r-peer.ts.
suppressMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
input <- read.csv(args[1], stringsAsFactors = FALSE)
out <- list()
for (name in unique(input$series)) {
  rows <- input[input$series == name, ]
  y <- ts(rows$value, frequency = rows$period[1])
  h <- rows$h[1]
  fits <- list(
    r_ets = function() forecast(ets(y), h = h, level = c(80, 95)),
    r_auto_arima = function() forecast(auto.arima(y), h = h, level = c(80, 95)),
    r_thetaf = function() thetaf(y, h = h, level = c(80, 95))
  )
  for (method in names(fits)) {
    f <- tryCatch(fits[[method]](), error = function(e) NULL)
    if (is.null(f)) next
    out[[paste(name, method)]] <- data.frame(series = name, method = method, step = seq_len(h),
      mean = as.numeric(f$mean), lo80 = as.numeric(f$lower[, 1]), hi80 = as.numeric(f$upper[, 1]),
      lo95 = as.numeric(f$lower[, 2]), hi95 = as.numeric(f$upper[, 2]))
  }
}
write.csv(do.call(rbind, out), args[2], row.names = FALSE, quote = FALSE)
