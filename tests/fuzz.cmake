# tests/fuzz.cmake — fuzz targets, corpora and scripts (tests/scripts/fuzz_test.sh).
set(fuzz_test ${CMAKE_CURRENT_SOURCE_DIR}/scripts/fuzz_test.sh ${CMAKE_BINARY_DIR} ${CMAKE_SOURCE_DIR})
foreach(target fuzz_dispatch fuzz_merge fuzz_descriptor fuzz_sddl fuzz_dispatch_bytes)
  add_test(NAME fuzz.${target}.reference_clean COMMAND ${fuzz_test} clean ${target})
endforeach()
add_test(NAME fuzz.fuzz_dispatch.finds_mutants COMMAND ${fuzz_test} mutants)
add_test(NAME fuzz.regressions_replay_clean COMMAND ${fuzz_test} regressions)
add_test(NAME fuzz.scripts COMMAND ${fuzz_test} scripts)
set_tests_properties(fuzz.scripts PROPERTIES TIMEOUT 600)
