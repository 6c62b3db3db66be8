/*
 * scenario_doc.c - print docs/scenario.md (make docs writes it; make test
 * compares it with the committed file).
 */
#include "scenario_doc.h"

int main(void)
{
	scenario_doc_write(stdout);
	return fflush(stdout) == 0 ? 0 : 1;
}
