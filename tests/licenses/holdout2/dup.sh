#!/bin/bash
# usage: dup.sh < file_of_raw_strings ; prints raw strings that appear as raw in eval or holdout
while IFS= read -r r; do
  c=$(cut -f1 /work/main/tests/licenses/eval/strings.tsv /work/main/tests/licenses/holdout/strings.tsv | grep -Fxc -- "$r")
  [ "$c" != "0" ] && echo "DUP: $r"
done
