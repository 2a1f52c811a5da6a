# tests/cli.cmake — the ksfuzz command's behaviour (tests/scripts/cli_test.sh), one test a group.
foreach(group help options sd replay show impls minimize race gen-replay edges)
  add_test(NAME cli.${group}
           COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/scripts/cli_test.sh ${CMAKE_BINARY_DIR} ${CMAKE_SOURCE_DIR} ${group})
endforeach()
