# tests/driver_examples.cmake — the example drivers of docs/examples/ (driver_*.c), each compiled
# unchanged into a ksfuzz of their own (build/tests/ksfuzz_examples) as KSFUZZ_EXTRA_IMPLS would
# compile them, and checked with `ksfuzz driver` and a short fuzz of the good one
# (tests/scripts/driver_examples_test.sh).
file(GLOB KSFUZZ_DRIVER_EXAMPLES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/docs/examples/driver_*.c)
add_executable(ksfuzz_examples)
set_target_properties(ksfuzz_examples PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
target_link_libraries(ksfuzz_examples PRIVATE ksfuzz_cli)
ksfuzz_link_impls(ksfuzz_examples EXTRA ${KSFUZZ_DRIVER_EXAMPLES})
foreach(group list shared_copy static_descriptor own_copies unload_twice gen_replay_own_copies)
  add_test(NAME driver_examples.${group}
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/scripts/driver_examples_test.sh ${CMAKE_BINARY_DIR} ${CMAKE_SOURCE_DIR} ${group})
endforeach()
