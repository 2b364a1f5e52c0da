/* catalogue_md: prints docs/requirements.md from the requirement catalogue.
 *
 *   catalogue_md                 write the document to stdout
 *   catalogue_md --check FILE    exit 0 if FILE equals the document, else 1
 *                                and print the command that regenerates it */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue_render.h"

/* Reads the whole file into a heap buffer (caller frees); NULL on error. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n + 4096 > cap) {
            cap = cap ? cap * 2 : 65536;
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
    }
    int err = ferror(f);
    fclose(f);
    if (err) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

int main(int argc, char **argv)
{
    char *doc = NULL;
    size_t doc_len = 0;

    if (argc == 1) {
        if (jc_catmd_render(stdout) != 0 || fflush(stdout) != 0) {
            fprintf(stderr, "catalogue_md: write error\n");
            return 2;
        }
        return 0;
    }
    if (argc != 3 || strcmp(argv[1], "--check") != 0) {
        fprintf(stderr, "usage: %s [--check FILE]\n", argv[0]);
        return 2;
    }
    if (jc_catmd_render_to_string(&doc, &doc_len) != 0) {
        fprintf(stderr, "catalogue_md: out of memory\n");
        return 2;
    }
    size_t file_len = 0;
    char *file = read_file(argv[2], &file_len);
    int same = file && file_len == doc_len && memcmp(file, doc, doc_len) == 0;
    if (!same) {
        if (!file) fprintf(stderr, "catalogue_md: cannot read %s\n", argv[2]);
        else fprintf(stderr, "catalogue_md: %s is out of date with suites/requirements.c\n", argv[2]);
        fprintf(stderr, "regenerate with:\n  %s > %s\n", argv[0], argv[2]);
    } else {
        printf("%s is in sync (%zu requirements)\n", argv[2], jc_requirement_count);
    }
    free(file);
    free(doc);
    return same ? 0 : 1;
}
