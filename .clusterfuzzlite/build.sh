#!/bin/bash -eu
# ClusterFuzzLite / OSS-Fuzz build of the fuzz harnesses (see docs/fuzzing.md).
# Uses the standard variables: CC, CFLAGS, LIB_FUZZING_ENGINE, OUT, SRC.
# Compiles the libjobsref sources directly (no CMake), links cJSON, and for
# each harness NAME writes $OUT/NAME, $OUT/NAME.dict, $OUT/NAME.options and
# $OUT/NAME_seed_corpus.zip.
#
# Local check (no docker):
#   CC=clang CFLAGS="-fsanitize=address,fuzzer-no-link" \
#   LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT=/tmp/cfl-out SRC=/work/main \
#   bash .clusterfuzzlite/build.sh

# The repository: the working directory in the image, else $SRC/jobsconf,
# else $SRC itself.
if [ -d "$PWD/reference/src" ] && [ -d "$PWD/fuzz" ]; then
  ROOT="$PWD"
elif [ -d "$SRC/jobsconf/reference/src" ]; then
  ROOT="$SRC/jobsconf"
else
  ROOT="$SRC"
fi
cd "$ROOT"
mkdir -p "$OUT"
BUILD="${WORK:-/tmp}/jobsconf-cfl-build"
rm -rf "$BUILD"
mkdir -p "$BUILD"

STD="-std=c11 -D_GNU_SOURCE -Ireference/include -Ireference/src -Ifuzz -Isuites/support"
CJSON_CFLAGS="$(pkg-config --cflags libcjson 2>/dev/null || true)"
CJSON_LIBDIR="$(pkg-config --variable=libdir libcjson 2>/dev/null || echo /usr/lib/x86_64-linux-gnu)"

# libjobsref + harness glue.
OBJS=()
for f in reference/src/*.c fuzz/fuzz_common.c fuzz/fuzz_fail.c fuzz/jrf_grammar.c; do
  o="$BUILD/$(basename "${f%.c}").o"
  $CC $CFLAGS $STD $CJSON_CFLAGS -c "$f" -o "$o"
  OBJS+=("$o")
done

# The runner images have no libcjson: ship it beside the fuzzers.
mkdir -p "$OUT/lib"
cp -L "$CJSON_LIBDIR"/libcjson.so.1 "$OUT/lib/" 2>/dev/null || cp -L "$CJSON_LIBDIR"/libcjson.so "$OUT/lib/libcjson.so.1"
LIBS=(-L"$CJSON_LIBDIR" -lcjson -lm -Wl,-rpath,'$ORIGIN/lib')

have() { for f in "$@"; do compgen -G "$f" >/dev/null || return 1; done; }
harnesses=()
have reference/src/route.c && harnesses+=(route)
have reference/src/route.c 'reference/src/decode*.c' reference/src/request.c 'reference/src/machine*.c' reference/src/service.c \
  && harnesses+=(request_decoder)
have reference/src/route.c 'reference/src/decode*.c' reference/src/request.c reference/src/encode_request.c \
  && harnesses+=(roundtrip)
have reference/src/route.c 'reference/src/decode*.c' reference/src/encode_request.c 'reference/src/machine*.c' reference/src/service.c \
  && harnesses+=(state_machine)
have suites/support/jc_response.c && harnesses+=(response_decoder)

max_len() {
  case "$1" in
    request_decoder|roundtrip) echo 40000 ;;
    state_machine) echo 1024 ;;
    route) echo 4096 ;;
    response_decoder) echo 16384 ;;
  esac
}

for h in "${harnesses[@]}"; do
  extra=()
  [ "$h" = response_decoder ] && extra=(suites/support/jc_response.c)
  $CC $CFLAGS $STD $CJSON_CFLAGS "fuzz/fuzz_$h.c" "${extra[@]}" "${OBJS[@]}" $LIB_FUZZING_ENGINE "${LIBS[@]}" -o "$OUT/$h"
  cp "corpora/$h.dict" "$OUT/$h.dict"
  printf '[libfuzzer]\ndict = %s.dict\nmax_len = %s\ntimeout = 5\nrss_limit_mb = 2048\n' "$h" "$(max_len "$h")" >"$OUT/$h.options"
  rm -f "$OUT/${h}_seed_corpus.zip"
  (cd "corpora/$h/seed" && zip -q -j "$OUT/${h}_seed_corpus.zip" ./*)
  if [ -d "corpora/$h/regressions" ]; then
    (cd "corpora/$h/regressions" && find . -type f ! -name README.md -exec zip -q -j "$OUT/${h}_seed_corpus.zip" {} +)
  fi
  echo "built $OUT/$h"
done
