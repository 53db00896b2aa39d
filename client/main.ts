// The browser entry: defines <tt-app> (and through it every component).
import './app/tt-app.ts';
