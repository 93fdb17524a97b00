package io.methodcache.bench.startup;

// The twenty services of StartupApp, one class each (rules/startup.yaml names every one).

final class S01 {
  String get(int id) {
    StartupApp.bodies++;
    return "s01:" + id;
  }
}

final class S02 {
  String get(int id) {
    StartupApp.bodies++;
    return "s02:" + id;
  }
}

final class S03 {
  String get(int id) {
    StartupApp.bodies++;
    return "s03:" + id;
  }
}

final class S04 {
  String get(int id) {
    StartupApp.bodies++;
    return "s04:" + id;
  }
}

final class S05 {
  String get(int id) {
    StartupApp.bodies++;
    return "s05:" + id;
  }
}

final class S06 {
  String get(int id) {
    StartupApp.bodies++;
    return "s06:" + id;
  }
}

final class S07 {
  String get(int id) {
    StartupApp.bodies++;
    return "s07:" + id;
  }
}

final class S08 {
  String get(int id) {
    StartupApp.bodies++;
    return "s08:" + id;
  }
}

final class S09 {
  String get(int id) {
    StartupApp.bodies++;
    return "s09:" + id;
  }
}

final class S10 {
  String get(int id) {
    StartupApp.bodies++;
    return "s10:" + id;
  }
}

final class S11 {
  String get(int id) {
    StartupApp.bodies++;
    return "s11:" + id;
  }
}

final class S12 {
  String get(int id) {
    StartupApp.bodies++;
    return "s12:" + id;
  }
}

final class S13 {
  String get(int id) {
    StartupApp.bodies++;
    return "s13:" + id;
  }
}

final class S14 {
  String get(int id) {
    StartupApp.bodies++;
    return "s14:" + id;
  }
}

final class S15 {
  String get(int id) {
    StartupApp.bodies++;
    return "s15:" + id;
  }
}

final class S16 {
  String get(int id) {
    StartupApp.bodies++;
    return "s16:" + id;
  }
}

final class S17 {
  String get(int id) {
    StartupApp.bodies++;
    return "s17:" + id;
  }
}

final class S18 {
  String get(int id) {
    StartupApp.bodies++;
    return "s18:" + id;
  }
}

final class S19 {
  String get(int id) {
    StartupApp.bodies++;
    return "s19:" + id;
  }
}

final class S20 {
  String get(int id) {
    StartupApp.bodies++;
    return "s20:" + id;
  }
}
