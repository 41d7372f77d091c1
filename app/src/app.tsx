// The app's frame: who is logged in decides between the login screen and the screens of the app.
import { useEffect, useState } from "preact/hooks";
import { LocationProvider, Route, Router } from "preact-iso";
import { ApiProblem, isOffline } from "./api/client";
import { logOut, resume } from "./api/session";
import { adopt, forget, heldALogin } from "./data";
import { Login } from "./screens/login";
import { Today } from "./screens/today";

type State = "starting" | "logged-out" | "logged-in";

export function App() {
  const [state, setState] = useState<State>("starting");
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    resume()
      .then(async (resumed) => {
        if (resumed) {
          await adopt();
        }
        setState(resumed ? "logged-in" : "logged-out");
      })
      .catch(async (problem: unknown) => {
        if (isOffline(problem) && (await heldALogin())) {
          setState("logged-in"); // offline: the screens show what this device last saw
          return;
        }
        setNotice(problem instanceof ApiProblem ? problem.message : String(problem));
        setState("logged-out");
      });
  }, []);

  if (state === "starting") {
    return <main class="screen" aria-busy="true" />;
  }
  if (state === "logged-out") {
    const enter = () => {
      adopt()
        .then(() => setState("logged-in"))
        .catch((problem: unknown) => setNotice(problem instanceof ApiProblem ? problem.message : String(problem)));
    };
    return <Login notice={notice} onLoggedIn={enter} />;
  }
  const leave = () => {
    void logOut()
      .catch(() => undefined) // offline: the login ends here; the server's ends when it expires
      .then(forget)
      .finally(() => setState("logged-out"));
  };
  return (
    <LocationProvider scope="/app">
      <header class="bar">
        <a class="brand" href="/app/">
          coffeechat
        </a>
        <button type="button" class="quiet" onClick={leave}>
          Log out
        </button>
      </header>
      <Router>
        <Route path="/app/" component={Today} />
        <Route default component={Today} />
      </Router>
    </LocationProvider>
  );
}
