/**
 * @module client/main
 * Entry of the advisor app bundle: registers every element.
 */
import './components/advisor-app/advisor-app.ts';
