# Helpers for the MLIR-based compiler libraries. The runtime does not use
# them: it must build without LLVM and MLIR.

# npu_mlir_library(name SOURCES ... [DEPENDS targets...] [LINK libs...])
# A static library compiled against LLVM/MLIR and linked to the shared
# libMLIR/libLLVM (so pass and dialect plugins share one copy of MLIR).
function(npu_mlir_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPENDS;LINK" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  npu_mlir_target(${name})
  if(ARG_DEPENDS)
    add_dependencies(${name} ${ARG_DEPENDS})
  endif()
  target_link_libraries(${name} PUBLIC ${ARG_LINK})
endfunction()

# Compile and link flags every MLIR-using target needs.
function(npu_mlir_target name)
  target_include_directories(${name} SYSTEM PUBLIC ${LLVM_INCLUDE_DIRS}
                             ${MLIR_INCLUDE_DIRS})
  target_include_directories(${name} PUBLIC
    ${PROJECT_SOURCE_DIR}/include ${PROJECT_SOURCE_DIR}/dialects
    ${PROJECT_BINARY_DIR}/dialects)
  target_compile_definitions(${name} PUBLIC ${NPU_LLVM_DEFINITIONS})
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  target_link_libraries(${name} PUBLIC MLIR LLVM)
endfunction()

# npu_dialect_doc(dialect) generates the dialect's markdown reference from
# its .td files into the build tree; test/dialects/docs-current.test checks
# that docs/dialects/<dialect>.md matches it.
function(npu_dialect_doc dialect td)
  set(LLVM_TARGET_DEFINITIONS ${td})
  mlir_tablegen(${dialect}.md -gen-dialect-doc -dialect=${dialect})
  set(TABLEGEN_OUTPUT ${TABLEGEN_OUTPUT} PARENT_SCOPE)
endfunction()
