# tests/fuzz.cmake — fuzz targets, corpora and scripts (tests/scripts/fuzz_test.sh), and the one
# list of targets (fuzz/targets.txt, tests/scripts/targets_test.sh).
set(fuzz_test ${CMAKE_CURRENT_SOURCE_DIR}/scripts/fuzz_test.sh ${CMAKE_BINARY_DIR} ${CMAKE_SOURCE_DIR})
get_property(fuzz_targets GLOBAL PROPERTY KSFUZZ_FUZZ_TARGETS)
foreach(target IN LISTS fuzz_targets)
  add_test(NAME fuzz.${target}.reference_clean COMMAND ${fuzz_test} clean ${target})
endforeach()
add_test(NAME fuzz.fuzz_dispatch.finds_mutants COMMAND ${fuzz_test} mutants)
add_test(NAME fuzz.regressions_replay_clean COMMAND ${fuzz_test} regressions)
add_test(NAME fuzz.instrumented COMMAND ${fuzz_test} instrumented)
add_test(NAME fuzz.decode_cache_checked COMMAND ${fuzz_test} decode_cache)
add_test(NAME fuzz.scripts COMMAND ${fuzz_test} scripts)
set_tests_properties(fuzz.scripts PROPERTIES TIMEOUT 600)
add_test(NAME fuzz.measure_scripts COMMAND ${fuzz_test} measure)
set_tests_properties(fuzz.measure_scripts PROPERTIES TIMEOUT 600)
add_test(NAME fuzz.targets_list
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/scripts/targets_test.sh ${CMAKE_BINARY_DIR} ${CMAKE_SOURCE_DIR})
