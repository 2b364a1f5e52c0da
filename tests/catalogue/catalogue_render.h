/* Renders the requirement catalogue (suites/requirements.c) as the Markdown
 * document docs/requirements.md. Used by catalogue_md and by the tests. */
#ifndef JC_CATALOGUE_RENDER_H
#define JC_CATALOGUE_RENDER_H

#include <stdio.h>

#include "requirements.h"

/* "MUST", "SHOULD", "MAY", or "?" for a value outside jc_level. Static string. */
const char *jc_catmd_level_name(jc_level level);

/* Writes s to out for a Markdown table cell: '|' becomes "\|", and newlines
 * become spaces. Returns 0, or -1 on a write error or NULL s. */
int jc_catmd_write_cell(FILE *out, const char *s);

/* Writes the whole catalogue document to out. Returns 0, or -1 on a write
 * error. */
int jc_catmd_render(FILE *out);

/* Renders the document into a new heap buffer: *out_text (NUL-terminated,
 * caller frees) and *out_len. Returns 0, or -1 when memory runs out. */
int jc_catmd_render_to_string(char **out_text, size_t *out_len);

#endif
