# grinder_add_venue_plugin(<name> SOURCES <src>... [OUTPUT_DIRECTORY <dir>])
#
# Builds venue plugin <name> as a MODULE library named
# libgrinder_venue_<name>.so (target grinder_venue_<name>), the file name the
# host looks for. Symbols are hidden by default, so the plugin exports only
# its entry point (venue_plugin.h marks it) and its internals (a JSON
# library, say) never collide with the host's. Undefined symbols fail the
# link here rather than the host's dlopen later.
include_guard(GLOBAL)

function(grinder_add_venue_plugin name)
  cmake_parse_arguments(GVP "" "OUTPUT_DIRECTORY" "SOURCES" ${ARGN})
  if(NOT name MATCHES "^[a-z0-9_]+$")
    message(FATAL_ERROR "grinder_add_venue_plugin: name '${name}' must match [a-z0-9_]+")
  endif()
  if(NOT GVP_SOURCES)
    message(FATAL_ERROR "grinder_add_venue_plugin(${name}): SOURCES is required")
  endif()
  set(target grinder_venue_${name})
  add_library(${target} MODULE ${GVP_SOURCES})
  target_link_libraries(${target} PRIVATE grinder::venue_sdk)
  set_target_properties(${target} PROPERTIES
    PREFIX "lib"
    OUTPUT_NAME "grinder_venue_${name}"
    SUFFIX ".so"
    POSITION_INDEPENDENT_CODE ON
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
    # The entry point is the only symbol a plugin exports; the version
    # script also hides the C++ library's template instances, which
    # visibility presets leave public.
    set(version_script ${CMAKE_CURRENT_BINARY_DIR}/${target}.exports)
    file(WRITE ${version_script} "{\n  global: grinder_venue_plugin_entry;\n  local: *;\n};\n")
    target_link_options(${target} PRIVATE "LINKER:--no-undefined" "LINKER:--version-script=${version_script}")
    set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${version_script})
  endif()
  if(GVP_OUTPUT_DIRECTORY)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${GVP_OUTPUT_DIRECTORY}")
  endif()
endfunction()
