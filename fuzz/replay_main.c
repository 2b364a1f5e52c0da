/* Replay driver: feeds each file named on the command line, or each regular
 * file of each directory named there, to LLVMFuzzerTestOneInput, in sorted
 * order. Built in every configuration (no fuzzing engine needed), so ctest
 * replays the committed corpora under the plain and sanitizer builds.
 * Exit status 0 when every input ran (a crash ends the process with the
 * sanitizer's or abort()'s status), 2 on usage or I/O errors. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static int run_file(const char *path, int verbose)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return -1;
    }
    size_t cap = 4096, len = 0;
    uint8_t *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        return -1;
    }
    for (;;) {
        if (len == cap) {
            uint8_t *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                fclose(f);
                return -1;
            }
            buf = nb;
            cap *= 2;
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0) break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        fprintf(stderr, "%s: read error\n", path);
        return -1;
    }
    if (verbose) fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
    /* Exact-size copy so that ASan catches reads past the input. */
    uint8_t *copy = malloc(len ? len : 1);
    if (!copy) {
        free(buf);
        return -1;
    }
    if (len) memcpy(copy, buf, len);
    free(buf);
    LLVMFuzzerTestOneInput(copy, len);
    free(copy);
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_dir(const char *dir, int verbose, size_t *count)
{
    DIR *d = opendir(dir);
    if (!d) {
        perror(dir);
        return -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        if (strcmp(e->d_name, "README.md") == 0) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(names, cap * sizeof *names);
            if (!nn) break;
            names = nn;
        }
        size_t l = strlen(dir) + strlen(e->d_name) + 2;
        names[n] = malloc(l);
        if (!names[n]) break;
        snprintf(names[n], l, "%s/%s", dir, e->d_name);
        n++;
    }
    closedir(d);
    if (n) qsort(names, n, sizeof *names, cmp_str);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
            if (run_file(names[i], verbose) != 0) rc = -1;
            else (*count)++;
        }
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    int verbose = getenv("JR_REPLAY_VERBOSE") != NULL;
    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE|DIR...\n  replays each input through the harness; "
                        "JR_REPLAY_VERBOSE=1 names each file\n", argv[0]);
        return 2;
    }
    if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
    int rc = 0;
    size_t count = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) {
            perror(argv[i]);
            rc = 2;
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            if (run_dir(argv[i], verbose, &count) != 0) rc = 2;
        } else if (run_file(argv[i], verbose) != 0) {
            rc = 2;
        } else {
            count++;
        }
    }
    printf("replay: %zu inputs ran without a crash\n", count);
    return rc;
}
