# Installation of the application and its desktop integration, and CPack (DEB). Included last
# by the top CMakeLists.txt. The engine's own install rules (headers, static library, the
# exported CMake package) live in engine/CMakeLists.txt; docs/packaging.md describes the layout.
#
# Two install components, one Debian package each:
#   runtime      -> `tickscope`:     bin/tickscope, the man page, bash completion, the .desktop
#                                    file, AppStream metainfo, the MIME type, the icons, the
#                                    example graphs and the user documentation;
#   development  -> `tickscope-dev`: the engine's public headers, its static library and the
#                                    CMake package `Tickscope` (find_package(Tickscope 0.1)).
# The version everywhere (--version, the man page, the metainfo release, the packages, the CMake
# package version file) is project(Tickscope VERSION ...) in the top CMakeLists.txt.
include(GNUInstallDirs)

# Tickscope has no public web site yet: this placeholder (a reserved example.org name) is what
# the metainfo, the package's Homepage and the screenshot URL use until it has one.
set(TICKSCOPE_HOMEPAGE "https://tickscope.example.org/" CACHE STRING "Project home page (ends with /)")
set(TICKSCOPE_APP_ID "io.github.tickscope.tickscope")
set(TICKSCOPE_EXAMPLES_INSTALL_DIR ${CMAKE_INSTALL_DATADIR}/tickscope/examples)

if(NOT TICKSCOPE_ENGINE_ONLY)
  set(_linux ${PROJECT_SOURCE_DIR}/packaging/linux)
  set(_gen ${PROJECT_BINARY_DIR}/packaging)
  file(MAKE_DIRECTORY ${_gen})

  # AppStream metainfo: the release is the project's version.
  set(TICKSCOPE_SCREENSHOT_WIDTH 1600)
  set(TICKSCOPE_SCREENSHOT_HEIGHT 1000)
  configure_file(${_linux}/${TICKSCOPE_APP_ID}.metainfo.xml.in ${_gen}/${TICKSCOPE_APP_ID}.metainfo.xml @ONLY)

  # The man page, compressed as Debian policy asks (gzip -9n: no timestamp, reproducible).
  configure_file(${_linux}/tickscope.1.in ${_gen}/tickscope.1 @ONLY)
  find_program(TICKSCOPE_GZIP gzip REQUIRED)
  add_custom_command(OUTPUT ${_gen}/tickscope.1.gz
    COMMAND ${TICKSCOPE_GZIP} -9nc ${_gen}/tickscope.1 > ${_gen}/tickscope.1.gz
    DEPENDS ${_gen}/tickscope.1 VERBATIM)

  # The icon: one SVG, rendered to the hicolor PNG sizes at build time by a small Qt tool.
  set(TICKSCOPE_ICON_SIZES 16 22 24 32 48 64 128 256)
  set(_icon_svg ${PROJECT_SOURCE_DIR}/resources/icons/tickscope.svg)
  add_executable(tickscope_render_icon ${PROJECT_SOURCE_DIR}/packaging/tools/render_icon.cpp)
  target_link_libraries(tickscope_render_icon PRIVATE Qt6::Gui Qt6::Svg tickscope_warnings)
  set(_icon_pngs)
  foreach(size IN LISTS TICKSCOPE_ICON_SIZES)
    list(APPEND _icon_pngs ${_gen}/icons/${size}x${size}/apps/tickscope.png)
  endforeach()
  add_custom_command(OUTPUT ${_icon_pngs}
    COMMAND ${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen
            $<TARGET_FILE:tickscope_render_icon> ${_icon_svg} ${_gen}/icons ${TICKSCOPE_ICON_SIZES}
    DEPENDS tickscope_render_icon ${_icon_svg}
    COMMENT "Rendering the application icon at ${TICKSCOPE_ICON_SIZES} px" VERBATIM)
  add_custom_target(tickscope_desktop_files ALL DEPENDS ${_icon_pngs} ${_gen}/tickscope.1.gz)

  set(_share ${CMAKE_INSTALL_DATADIR})
  install(FILES ${_linux}/${TICKSCOPE_APP_ID}.desktop DESTINATION ${_share}/applications COMPONENT runtime)
  install(FILES ${_gen}/${TICKSCOPE_APP_ID}.metainfo.xml DESTINATION ${_share}/metainfo COMPONENT runtime)
  install(FILES ${_linux}/tickscope-mime.xml DESTINATION ${_share}/mime/packages RENAME tickscope.xml
    COMPONENT runtime)
  install(FILES ${_icon_svg} DESTINATION ${_share}/icons/hicolor/scalable/apps COMPONENT runtime)
  foreach(size IN LISTS TICKSCOPE_ICON_SIZES)
    install(FILES ${_gen}/icons/${size}x${size}/apps/tickscope.png
      DESTINATION ${_share}/icons/hicolor/${size}x${size}/apps COMPONENT runtime)
  endforeach()
  install(FILES ${_gen}/tickscope.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT runtime)
  install(FILES ${_linux}/tickscope.bash-completion DESTINATION ${_share}/bash-completion/completions
    RENAME tickscope COMPONENT runtime)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/examples/ DESTINATION ${TICKSCOPE_EXAMPLES_INSTALL_DIR}
    COMPONENT runtime FILES_MATCHING PATTERN "*.tsg.json" PATTERN "README.md")
  install(FILES ${PROJECT_SOURCE_DIR}/docs/images/debugger.png DESTINATION ${_share}/tickscope/screenshots
    COMPONENT runtime)
  install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/docs/cli.md ${PROJECT_SOURCE_DIR}/docs/packaging.md
    DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/tickscope COMPONENT runtime)
endif()

# ---- CPack: Debian packages ------------------------------------------------------------------
set(CPACK_PACKAGE_NAME tickscope)
set(CPACK_PACKAGE_VENDOR "Tickscope developers")
set(CPACK_PACKAGE_CONTACT "Tickscope developers <tickscope@example.org>")
# Each package's Description is its component's description below, summary line first. CPack's
# DEB generator prepends CPACK_PACKAGE_DESCRIPTION_SUMMARY to it (one summary for both) unless
# it is left at CPack's own default, which is therefore kept here on purpose.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_NAME} built using CMake")
set(CPACK_PACKAGE_HOMEPAGE_URL "${TICKSCOPE_HOMEPAGE}")
# CPACK_PACKAGE_VERSION defaults to the project's version: the one place.
set(CPACK_GENERATOR DEB)
set(CPACK_DEB_COMPONENT_INSTALL ON)
if(TICKSCOPE_ENGINE_ONLY)
  set(CPACK_COMPONENTS_ALL development)
else()
  set(CPACK_COMPONENTS_ALL runtime development)
endif()
set(CPACK_STRIP_FILES ON)  # the binary (the -dev archive: --strip-debug in engine/CMakeLists.txt)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # tickscope_0.1.0_amd64.deb, tickscope-dev_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME tickscope)
# Depends: what the binary links, found by dpkg-shlibdeps (Qt's Widgets, Gui with its xcb and
# offscreen platform plugins, Svg with its icon engine, Graphviz, spdlog, fmt, muParser,
# simdjson). No build-only package.
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_RECOMMENDS "fonts-dejavu-core | fonts-freefont-ttf")
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SUGGESTS "graphviz")  # `dot -Tsvg` draws `run --dot` output
set(CPACK_COMPONENT_RUNTIME_DESCRIPTION "${PROJECT_DESCRIPTION}
Tickscope runs graphs of cells, computations and effects on a deterministic,
seeded test scheduler and shows every scheduling decision: the live dependency
graph, why an action ran or did not, cycles, debounce timers, timing and a
timeline. Graph files (*.tsg.json) also run headless from the command line and
export JSON and CSV reports and Chrome traces.")

set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_NAME tickscope-dev)
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_SECTION libdevel)
# A consumer of the static engine compiles against spdlog/fmt/nlohmann-json headers and links
# muParser, simdjson and Threads: the CMake package finds them (TickscopeConfig.cmake).
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_DEPENDS
  "libspdlog-dev, libfmt-dev, nlohmann-json3-dev, libmuparser-dev, libsimdjson-dev")
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_SHLIBDEPS OFF)
set(CPACK_COMPONENT_DEVELOPMENT_DESCRIPTION "Reactive scheduler engine of Tickscope (C++ development files)
The Qt-free C++20 engine of Tickscope as a static library with its headers and
the CMake package Tickscope: find_package(Tickscope 0.1) gives the target
Tickscope::engine (schedulers, the deterministic TestScheduler, the reactive
runtime and its builder API, graph files, runs and traces).")

include(CPack)
