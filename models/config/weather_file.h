/*
 * weather_file.h - reading an hourly weather series from a file: the
 * data-file readers of the config layer that fill models/cooling/weather.h.
 */
#ifndef DCSIM_WEATHER_FILE_H
#define DCSIM_WEATHER_FILE_H

#include "diag.h"
#include "weather.h"

/* An EnergyPlus EPW file (8 header lines, then 8,760 or 8,784 hourly rows;
 * CRLF or LF):
 * fields 7-10 dry bulb C, dew point C, relative humidity %, pressure Pa.
 * Errors name the file, the line and the rule. */
int weather_read_epw(struct weather *w, const char *path, struct diag *d);
/* A CSV with a header and hourly rows: time (any text), dry bulb C,
 * relative humidity %; further columns are ignored. */
int weather_read_csv(struct weather *w, const char *path, double p_pa, struct diag *d);

#endif
