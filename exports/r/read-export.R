# Reads a CSV export (zip) of the EID trial platform into R data frames with types and labels.
#
#   source("read-export.R"); d <- read_eid_export("PDN-01_csv_long_20260615T101500.zip")
#   d$infusion$dose_mg              # integer, attr(, "label") == "Dose", attr(, "units") == "mg"
#   d$participants$sex_label        # the label column beside each coded variable (REDCap habit)
#
# Types come from codebook.csv (variable, label, type, unit, allowed_values): integer -> integer, float ->
# double, date -> Date, datetime -> POSIXct (UTC), boolean -> logical (1/0), text -> character. Coded variables
# also get their code list as attr(, "levels_map"). Base R only: no packages to install.
#
# Run as a script to print a summary:  Rscript read-export.R export.zip

read_eid_csv <- function(zipfile, entry) {
  # read.csv opens and closes the connection itself.
  con <- unz(zipfile, entry, encoding = "UTF-8")
  df <- utils::read.csv(con, colClasses = "character", na.strings = "", check.names = FALSE,
                        stringsAsFactors = FALSE, encoding = "UTF-8")
  # The files start with a UTF-8 byte-order mark for Excel; strip it from the first column name.
  names(df)[1] <- sub("^\ufeff", "", names(df)[1])
  df
}

convert_column <- function(x, type) {
  switch(type,
    integer = as.integer(x),
    float = as.numeric(x),
    date = as.Date(x, format = "%Y-%m-%d"),
    datetime = as.POSIXct(x, format = "%Y-%m-%dT%H:%M:%SZ", tz = "UTC"),
    boolean = as.logical(as.integer(x)),
    x)
}

read_eid_export <- function(zipfile) {
  entries <- utils::unzip(zipfile, list = TRUE)$Name
  codebook <- read_eid_csv(zipfile, "codebook.csv")
  # Only the CSV entries are tables (the zip also carries README.txt and this reader).
  tables <- setdiff(sub("\\.csv$", "", entries[grepl("\\.csv$", entries)]), "codebook")
  out <- list(codebook = codebook)
  for (t in tables) {
    df <- read_eid_csv(zipfile, paste0(t, ".csv"))
    cb <- codebook[codebook$table == t, ]
    for (col in names(df)) {
      row <- cb[cb$variable == col, ]
      if (nrow(row) == 0) next
      df[[col]] <- convert_column(df[[col]], row$type[1])
      attr(df[[col]], "label") <- row$label[1]
      if (!is.na(row$unit[1])) attr(df[[col]], "units") <- row$unit[1]
      if (!is.na(row$allowed_values[1])) {
        pairs <- strsplit(strsplit(row$allowed_values[1], " | ", fixed = TRUE)[[1]], "=", fixed = TRUE)
        attr(df[[col]], "levels_map") <- stats::setNames(vapply(pairs, `[`, "", 2), vapply(pairs, `[`, "", 1))
      }
    }
    out[[t]] <- df
  }
  out
}

if (!interactive() && length(commandArgs(trailingOnly = TRUE)) == 1) {
  d <- read_eid_export(commandArgs(trailingOnly = TRUE)[1])
  for (t in setdiff(names(d), "codebook")) {
    df <- d[[t]]
    cat(sprintf("TABLE %s rows=%d\n", t, nrow(df)))
    for (col in names(df)) {
      cat(sprintf("COLUMN %s.%s class=%s label=%s\n", t, col, class(df[[col]])[1],
                  if (is.null(attr(df[[col]], "label"))) "" else attr(df[[col]], "label")))
    }
  }
  if (!is.null(d$infusion) && nrow(d$infusion) > 0) cat(sprintf("SUM infusion.dose_mg=%d\n", sum(d$infusion$dose_mg, na.rm = TRUE)))
}
