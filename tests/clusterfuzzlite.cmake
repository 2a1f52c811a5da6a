# tests/clusterfuzzlite.cmake — .clusterfuzzlite/build.sh under OSS-Fuzz's environment builds every
# fuzz target into $OUT with its seeds, dictionary and options (tests/scripts/clusterfuzzlite_test.sh).
# It builds a tree of its own in a temporary directory (a few minutes on two cores).
add_test(NAME clusterfuzzlite.build
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/scripts/clusterfuzzlite_test.sh ${CMAKE_SOURCE_DIR})
# COST: the longest tests start first, beside the short ones, not after them.
set_tests_properties(clusterfuzzlite.build PROPERTIES TIMEOUT 1800 COST 1000)
