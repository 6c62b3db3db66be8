/*
 * scenario_doc.h - the scenario key reference (docs/scenario.md) as
 * Markdown, from the loader's descriptor tables.
 */
#ifndef DCSIM_SCENARIO_DOC_H
#define DCSIM_SCENARIO_DOC_H

#include <stdio.h>

void scenario_doc_write(FILE *f);

#endif
