# SPDX-License-Identifier: GPL-2.0
#
# Included by the components' Makefiles (hypervisor, tools, inmates), after
# their first target (all), so
# that a build is right by construction:
#  - $(call remember,VAR) writes the text of VAR (e.g. compiler and flags)
#    into its target only when the text changed: the file's date is the
#    date of the last change, and objects that depend on it rebuild then;
#  - DEPFLAGS makes each object record the headers it really includes
#    (-MMD -MP); the Makefile includes the .d files.
remember = @mkdir -p $(@D); echo '$(subst ','\'',$($(1)))' | cmp -s - $@ || \
	echo '$(subst ','\'',$($(1)))' >$@
DEPFLAGS = -MMD -MP -MF $(@:.o=.d)

.PHONY: FORCE
FORCE:
