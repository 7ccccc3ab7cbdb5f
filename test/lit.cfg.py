import os
import lit.formats

config.name = "npu"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".s", ".test", ".json", ".mlir"]
config.excludes = ["unit", "capi", "fuzz", "Inputs", "CMakeLists.txt", "lit.cfg.py",
                   "lit.site.cfg.py.in"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.npu_obj_root, "test")

config.environment["PATH"] = os.pathsep.join(
    [config.npu_tools_dir, config.llvm_tools_dir, config.environment.get("PATH", os.environ["PATH"])])
config.environment["NPU_TARGET_PATH"] = os.path.join(config.npu_src_root, "targets")
config.substitutions.append(("%npu_src", config.npu_src_root))
config.substitutions.append(("%npu_obj", config.npu_obj_root))
config.substitutions.append(("%isa_td", config.npu_isa_td))
config.substitutions.append(("%python", "/usr/bin/python3"))
